package segment

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The word table is a hash table over the words of jieba's main
// dictionary, written beside it when the dictionaries are unpacked and
// read through corpus/mapfile. It answers one question fast and without
// loading anything: which dictionary words occur in this text? A
// subset segmenter (subset.go) loads jieba with just those words.
//
// Layout, little-endian:
//
//	magic "LRWORDS1"
//	uint32 words, slots (a power of two), longest word in runes, dictionary bytes
//	uint64 sum of all frequencies, smallest frequency, median frequency
//	uint32 × (words+1)  byte offset of each dictionary line (and the end)
//	slots × (uint32 hash tag, uint32 entry; 0 = empty)
//
// An entry is a dictionary line in its low 30 bits, entryWord when the
// string is that line's word, and entryPrefix when the string is a proper
// prefix of some word (of that line's, when it is not a word itself). The
// prefixes let a scan stop extending a candidate as soon as no word can
// start with it: most positions of a text need two or three probes, not
// one per length up to the longest word.
//
// The three frequencies are what cppjieba derives from the whole
// dictionary (DictTrie: freq_sum_, min_weight_, the median weight given to
// user words without a frequency); a subset reproduces them exactly.
const wordsMagic = "LRWORDS1"

const wordsHeader = 8 + 4*4 + 3*8

const (
	entryWord   = 1 << 31
	entryPrefix = 1 << 30
	entryLine   = entryPrefix - 1
)

// padRune starts the two padding words of a subset dictionary (a
// Unicode noncharacter, which no dictionary word and no text holds; a text
// that does is cut with the whole dictionary).
const padRune = '\uFDD0'

type wordTable struct {
	dict                         []byte // jieba.dict.utf8
	lines                        []byte // (n+1) uint32 offsets
	slots                        []byte
	n                            int
	mask                         uint64
	maxRunes                     int
	freqSum, minFreq, medianFreq uint64
}

// errNoTable says the dictionary cannot be indexed; segmenters then load
// it whole.
var errNoTable = errors.New("word table")

func fnv1a(h uint64, b byte) uint64 { return (h ^ uint64(b)) * 1099511628211 }

const fnvOffset = 14695981039346656037

// buildWordTable indexes a jieba main dictionary ("word freq tag" lines).
// A word listed twice is indexed at its last line, the one cppjieba's trie
// keeps; the earlier line's frequency still counts in the sum.
func buildWordTable(dict []byte) ([]byte, error) {
	var offs []uint32
	var freqs []uint64
	var sum uint64
	last := map[string]int{}
	maxRunes := 0
	for pos := 0; pos < len(dict); {
		end := bytes.IndexByte(dict[pos:], '\n')
		next := pos + end + 1
		if end < 0 {
			end, next = len(dict)-pos, len(dict)
		}
		line := dict[pos : pos+end]
		f := bytes.Split(line, []byte(" "))
		if len(f) != 3 {
			return nil, fmt.Errorf("%w: line %d: %q", errNoTable, len(offs)+1, line)
		}
		freq, err := strconv.ParseUint(string(f[1]), 10, 64)
		if err != nil || freq == 0 || !utf8.Valid(f[0]) || len(f[0]) == 0 || bytes.ContainsRune(f[0], padRune) {
			return nil, fmt.Errorf("%w: line %d: %q", errNoTable, len(offs)+1, line)
		}
		last[string(f[0])] = len(offs)
		offs = append(offs, uint32(pos))
		freqs = append(freqs, freq)
		sum += freq
		maxRunes = max(maxRunes, utf8.RuneCount(f[0]))
		pos = next
	}
	if len(offs) == 0 || len(dict) > 1<<31 || sum >= 1<<52 {
		return nil, fmt.Errorf("%w: %d lines, frequencies sum to %d", errNoTable, len(offs), sum)
	}
	offs = append(offs, uint32(len(dict)))
	if len(offs) > entryLine {
		return nil, fmt.Errorf("%w: %d lines", errNoTable, len(offs))
	}
	entries := make(map[string]uint32, 2*len(last))
	for w, i := range last {
		entries[w] = entries[w]&entryPrefix | entryWord | uint32(i)
		for k := range w {
			if k > 0 {
				p := w[:k]
				if entries[p]&entryWord == 0 {
					entries[p] = entryPrefix | uint32(i)
				} else {
					entries[p] |= entryPrefix
				}
			}
		}
	}
	sorted := slices.Clone(freqs)
	slices.Sort(sorted)
	nslots := 1 << bits.Len(uint(2*len(entries)))
	b := make([]byte, wordsHeader, wordsHeader+4*len(offs)+8*nslots)
	copy(b, wordsMagic)
	le := binary.LittleEndian
	le.PutUint32(b[8:], uint32(len(freqs)))
	le.PutUint32(b[12:], uint32(nslots))
	le.PutUint32(b[16:], uint32(maxRunes))
	le.PutUint32(b[20:], uint32(len(dict)))
	le.PutUint64(b[24:], sum)
	le.PutUint64(b[32:], sorted[0])
	le.PutUint64(b[40:], sorted[len(sorted)/2])
	for _, o := range offs {
		b = le.AppendUint32(b, o)
	}
	slotAt := len(b)
	b = b[:slotAt+8*nslots]
	mask := uint64(nslots - 1)
	for w, e := range entries {
		h := uint64(fnvOffset)
		for k := 0; k < len(w); k++ {
			h = fnv1a(h, w[k])
		}
		for s := h & mask; ; s = (s + 1) & mask {
			at := slotAt + 8*int(s)
			if le.Uint32(b[at+4:]) == 0 {
				le.PutUint32(b[at:], uint32(h>>32))
				le.PutUint32(b[at+4:], e)
				break
			}
		}
	}
	return b, nil
}

// openWordTable checks a table against the dictionary it indexes.
func openWordTable(table, dict []byte) (*wordTable, error) {
	le := binary.LittleEndian
	if len(table) < wordsHeader || string(table[:8]) != wordsMagic {
		return nil, fmt.Errorf("%w: bad header", errNoTable)
	}
	t := &wordTable{dict: dict}
	t.n = int(le.Uint32(table[8:]))
	nslots := uint64(le.Uint32(table[12:]))
	t.maxRunes = int(le.Uint32(table[16:]))
	t.freqSum, t.minFreq, t.medianFreq = le.Uint64(table[24:]), le.Uint64(table[32:]), le.Uint64(table[40:])
	if int(le.Uint32(table[20:])) != len(dict) || nslots == 0 || nslots&(nslots-1) != 0 ||
		uint64(len(table)) != wordsHeader+4*uint64(t.n+1)+8*nslots {
		return nil, fmt.Errorf("%w: does not fit the dictionary", errNoTable)
	}
	t.lines = table[wordsHeader : wordsHeader+4*(t.n+1)]
	t.slots = table[wordsHeader+4*(t.n+1):]
	t.mask = nslots - 1
	prev := uint32(0)
	for i := 0; i <= t.n; i++ {
		o := le.Uint32(t.lines[4*i:])
		if o < prev || int(o) > len(dict) {
			return nil, fmt.Errorf("%w: line offsets out of order", errNoTable)
		}
		prev = o
	}
	return t, nil
}

// line returns dictionary line i without its newline.
func (t *wordTable) line(i int) []byte {
	lo, hi := binary.LittleEndian.Uint32(t.lines[4*i:]), binary.LittleEndian.Uint32(t.lines[4*i+4:])
	l := t.dict[lo:hi]
	return bytes.TrimSuffix(l, []byte("\n"))
}

// word returns the word of dictionary line i.
func (t *wordTable) word(i int) []byte {
	l := t.line(i)
	if j := bytes.IndexByte(l, ' '); j >= 0 {
		return l[:j]
	}
	return l
}

// freq returns the frequency of dictionary line i.
func (t *wordTable) freq(i int) uint64 {
	l := t.line(i)
	f := bytes.Split(l, []byte(" "))
	if len(f) != 3 {
		return 0
	}
	v, _ := strconv.ParseUint(string(f[1]), 10, 64)
	return v
}

// lookup finds the entry of the string w (hashed to h): 0 when no word
// is or starts with w.
func (t *wordTable) lookup(h uint64, w string) uint32 {
	le := binary.LittleEndian
	tag := uint32(h >> 32)
	s := h & t.mask
	for range t.mask + 1 { // a damaged table may have no empty slot
		at := 8 * s
		e := le.Uint32(t.slots[at+4:])
		line := int(e & entryLine)
		if e == 0 || line >= t.n {
			return 0
		}
		if le.Uint32(t.slots[at:]) == tag {
			word := t.word(line)
			if e&entryWord != 0 && string(word) == w ||
				e&entryWord == 0 && len(word) > len(w) && string(word[:len(w)]) == w {
				return e
			}
		}
		s = (s + 1) & t.mask
	}
	return 0
}

// collect calls add with the line of every dictionary word that occurs in
// text (with repeats).
func (t *wordTable) collect(text string, add func(line int)) {
	for i := 0; i < len(text); {
		h := uint64(fnvOffset)
		for j := i; j < len(text); {
			_, size := utf8.DecodeRuneInString(text[j:])
			for k := j; k < j+size; k++ {
				h = fnv1a(h, text[k])
			}
			j += size
			e := t.lookup(h, text[i:j])
			if e&entryWord != 0 {
				add(int(e & entryLine))
			}
			if e&entryPrefix == 0 {
				break
			}
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
}
