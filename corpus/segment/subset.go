package segment

import (
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yanyiwu/gojieba"

	"lawreview/corpus/atomicfile"
	"lawreview/corpus/mapfile"
)

// A subset segmenter loads jieba with only the dictionary words that occur
// in the texts it is asked to cut. Loading the whole dictionary (349,000
// words into cppjieba's trie) takes 0.6-1.2 s and 120 MB, and gojieba has
// no prebuilt form of it; a command that reviews one draft of 5,000
// characters needs about 1,600 of those words, which load in 20 ms.
//
// The cut is the same as with the whole dictionary, word for word: a
// segmentation only ever looks up substrings of the text, so a word that
// does not occur in the text cannot change it (nor can the HMM's
// probability of emitting a character the text does not hold, so the
// model is cut down the same way, which makes a reload cost milliseconds
// instead of the 15-30 ms of parsing the whole model), and the two numbers
// cppjieba derives from the whole dictionary are kept: the sum of all
// frequencies (every weight is log(freq/sum)), kept by a padding word
// carrying the frequencies left out, and the smallest weight (given to a
// character no word covers), kept by a padding word of the smallest
// frequency. The padding words are spelt with a Unicode noncharacter that
// no text holds; the legal dictionary's words, which have no frequency
// and get the median weight, are written with the median frequency.
// TestSubsetCutsAsWhole checks the claim on the evaluation drafts and law
// texts.
//
// A text with words not loaded yet reloads jieba with the union (under a
// lock; cuts in progress finish on the old instance first). A review
// loads once or twice: its engine announces the texts it knows the index
// will cut (Cover), and the index ranks with little else. A load costs
// about a millisecond plus one per thousand words, so once
// the words loaded over all loads reach the dictionary's size (reloading
// has cost what the whole dictionary would have), and for a text that is
// not valid UTF-8 or holds the padding noncharacter, the segmenter loads
// the whole dictionary and stays with it: a command that goes on to index
// a corpus is better off paying once.
const loadOverhead = 1000 // a load's fixed cost, in words

type subset struct {
	paths [5]string // the unpacked dictionaries
	table *wordTable
	user  []byte // the user dictionary, with frequencies
	hmm   *hmmModel

	mu    sync.RWMutex
	jieba *gojieba.Jieba
	have  []uint64 // bit set of the dictionary lines loaded
	chars []uint64 // bit set of the characters whose emissions are loaded
	count int      // lines loaded
	sum   uint64   // their frequencies
	loads int
	spent int // words loaded over all loads, loadOverhead each included
	whole bool
	// pending are the words of texts announced by Cover, collected on
	// their own goroutines and loaded with the next load.
	pending []*covering
}

// covering is the words and characters of some texts announced by Cover,
// ready when done is closed. A cold review announces 1,700 texts (170 KB)
// in review.New and needs their words at its first cut, a few
// milliseconds later: looking them up was most of the reload's 50 ms on
// the main goroutine while the second core idled, so they are looked up
// there, in GOMAXPROCS parts, as soon as they are announced.
type covering struct {
	done  chan struct{}
	lines []uint64 // bit set of the dictionary lines of their words
	chars []rune   // the characters of the texts and their half-width forms
}

// cover starts collecting the words and characters of texts, skipping
// those a subset cannot cut (as grow skipped them when it collected
// them itself).
func (s *subset) cover(texts []string) *covering {
	c := &covering{done: make(chan struct{}), lines: make([]uint64, len(s.have))}
	go func() {
		defer close(c.done)
		seen := map[rune]bool{}
		for _, t := range texts {
			if !s.eachWord(t, func(l int) { setBit(c.lines, l) }) {
				continue
			}
			for _, t := range []string{t, FoldWidth(t)} {
				for _, r := range t {
					if !seen[r] {
						seen[r] = true
						c.chars = append(c.chars, r)
					}
				}
			}
		}
	}()
	return c
}

// hmmModel is jieba's HMM file: the start and transition lines as
// written, and each state's emission line ("字:-1.23,…"), whose entries
// are split only when a subset is written: splitting 35,000 entries into
// strings at open was a tenth of a cold review's segmenter.
type hmmModel struct {
	head []string  // 5 lines
	emit [4]string // entries "字:-1.23" separated by commas, checked by readHMM
}

// readHMM parses the model as cppjieba's HMMModel does: lines that are
// empty or start with # are skipped; then a start line, four transition
// lines and four emission lines.
func readHMM(b []byte) (*hmmModel, error) {
	var lines []string
	for l := range strings.SplitSeq(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 9 {
		return nil, fmt.Errorf("hmm model: %d lines", len(lines))
	}
	m := &hmmModel{head: lines[:5]}
	for st := range 4 {
		for e := range strings.SplitSeq(lines[5+st], ",") {
			if _, ok := hmmRune(e); !ok {
				return nil, fmt.Errorf("hmm model: entry %q", e)
			}
		}
		m.emit[st] = lines[5+st]
	}
	return m, nil
}

// hmmRune is the character of an emission entry "字:-1.23"; false when
// the entry is not one character, a colon and a value.
func hmmRune(e string) (rune, bool) {
	ch, _, ok := strings.Cut(e, ":")
	r, size := utf8.DecodeRuneInString(ch)
	return r, ok && size == len(ch) && r != utf8.RuneError && r != padRune
}

// write writes the model with the emissions of the characters in chars;
// a state left without any gets one for the padding noncharacter, since
// cppjieba refuses an empty line.
func (m *hmmModel) write(chars []uint64) []byte {
	var b bytes.Buffer
	for _, l := range m.head {
		b.WriteString(l + "\n")
	}
	for st := range 4 {
		n := 0
		for e := range strings.SplitSeq(m.emit[st], ",") {
			if r, _ := hmmRune(e); hasBit(chars, int(r)) {
				if n > 0 {
					b.WriteByte(',')
				}
				b.WriteString(e)
				n++
			}
		}
		if n == 0 {
			b.WriteString(string(padRune) + ":-3.14e+100")
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func hasBit(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }

// setBit sets bit i and reports whether it was clear.
func setBit(set []uint64, i int) bool {
	if hasBit(set, i) {
		return false
	}
	set[i/64] |= 1 << (i % 64)
	return true
}

// OpenSubset unpacks the dictionaries into dir, as Open does, and returns
// a segmenter that loads only the words of the texts it cuts.
func OpenSubset(dir string) (*Segmenter, error) {
	paths, err := unpack(dir)
	if err != nil {
		return nil, fmt.Errorf("unpack jieba dictionaries into %s: %w", dir, err)
	}
	sub := &subset{paths: paths, whole: true}
	t, err := loadWordTable(paths[0])
	if err != nil {
		return &Segmenter{sub: sub, dir: dir}, nil // no table: a subset cannot be chosen
	}
	user, err := os.ReadFile(paths[2])
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", paths[2], err)
	}
	model, err := os.ReadFile(paths[1])
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", paths[1], err)
	}
	if sub.hmm, err = readHMM(model); err != nil {
		return &Segmenter{sub: sub, dir: dir}, nil
	}
	sub.table, sub.user, sub.whole = t, userWithFreq(user, t.medianFreq), false
	sub.have = make([]uint64, (t.n+63)/64)
	sub.chars = make([]uint64, (utf8.MaxRune+64)/64)
	return &Segmenter{sub: sub, dir: dir}, nil
}

// loadWordTable maps the word table beside the main dictionary, writing
// it first if it is not there: only subset segmenters need it, so a server
// or an import never spends the second it takes. Two processes writing it
// at once both rename a complete file into place.
func loadWordTable(dictPath string) (*wordTable, error) {
	dict, err := mapfile.Read(dictPath)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(filepath.Dir(dictPath), tableName)
	table, err := mapfile.Read(path)
	if errors.Is(err, os.ErrNotExist) {
		if table, err = buildWordTable(dict); err != nil {
			return nil, err
		}
		if err := atomicfile.WriteFile(path, table); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, err
	}
	return openWordTable(table, dict)
}

// userWithFreq gives every line of a user dictionary a frequency: the
// median one, whose weight is the one cppjieba gives a user word without
// a frequency when it has loaded the whole main dictionary.
func userWithFreq(user []byte, median uint64) []byte {
	var out bytes.Buffer
	for _, line := range strings.Split(string(user), "\n") {
		f := strings.Split(strings.TrimSuffix(line, "\r"), " ")
		switch {
		case line == "":
			continue
		case len(f) == 1:
			fmt.Fprintf(&out, "%s %d x\n", f[0], median)
		case len(f) == 2:
			fmt.Fprintf(&out, "%s %d %s\n", f[0], median, f[1])
		default:
			out.WriteString(line + "\n")
		}
	}
	return out.Bytes()
}

// tokenize cuts text with an instance whose dictionary covers it.
func (s *subset) tokenize(text string, mode gojieba.TokenizeMode) []gojieba.Word {
	var need []int
	ok := false
	if !s.isWhole() {
		need, ok = s.words(text)
	}
	for {
		if w, done := s.tryTokenize(text, mode, need, ok); done {
			return w
		}
		if old := s.reload(text, need, ok); old != nil {
			old.Free() // no cut holds it: cuts hold the read lock, and it is replaced
		}
	}
}

// isWhole reads whole under the lock: a concurrent cut that falls back to
// the whole dictionary sets it under the write lock.
func (s *subset) isWhole() bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.whole
}

// tryTokenize cuts text if the loaded instance covers it.
func (s *subset) tryTokenize(text string, mode gojieba.TokenizeMode, need []int, ok bool) ([]gojieba.Word, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.jieba == nil || !s.whole && !(ok && s.covers(text, need)) {
		return nil, false
	}
	return s.jieba.Tokenize(text, mode, true), true
}

// reload loads an instance covering text and returns the one it replaced.
func (s *subset) reload(text string, need []int, ok bool) *gojieba.Jieba {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.grow(text, need, ok)
}

// words returns the dictionary lines of the words in text; false when
// text must be cut with the whole dictionary. It reads only the immutable
// word table, so it needs no lock; the caller has checked s.whole. The index cuts the
// half-width form of a text (full-width Ａ１ as A1), so that form's words
// are taken too, saving a reload when the index analyses the same text.
func (s *subset) words(text string) ([]int, bool) {
	var need []int
	ok := s.eachWord(text, func(line int) { need = append(need, line) })
	return need, ok
}

// eachWord calls add with the dictionary line of each word in text (and
// in its half-width form), as words returns them; false, without a call,
// when text must be cut with the whole dictionary.
func (s *subset) eachWord(text string, add func(line int)) bool {
	if !utf8.ValidString(text) || strings.ContainsRune(text, padRune) {
		return false
	}
	s.table.collect(text, add)
	if folded := FoldWidth(text); folded != text {
		s.table.collect(folded, add)
	}
	return true
}

func FoldWidth(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r == '\u3000' || r >= 0xFF01 && r <= 0xFF5E }) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\u3000':
			return ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		}
		return r
	}, s)
}

// covers reports whether the loaded instance holds the words and the
// characters of text (with s.mu held).
func (s *subset) covers(text string, lines []int) bool {
	for _, l := range lines {
		if !hasBit(s.have, l) {
			return false
		}
	}
	for _, r := range text {
		if !hasBit(s.chars, int(r)) {
			return false
		}
	}
	return true
}

// Cover announces texts the segmenter will be asked to cut later (a
// review engine knows its rules' titles and the articles they cite, which
// the index cuts when it looks for related articles): a subset segmenter
// loads their words with its next load instead of reloading for each. It
// changes no cut, and does nothing to a segmenter of the whole dictionary.
func (s *Segmenter) Cover(texts ...string) {
	if s.sub == nil {
		return
	}
	s.sub.mu.Lock()
	defer s.sub.mu.Unlock()
	if s.sub.whole || len(texts) == 0 {
		return
	}
	// Parts of about equal size, one a core.
	parts := runtime.GOMAXPROCS(0)
	size := 0
	for _, t := range texts {
		size += len(t)
	}
	if size == 0 {
		return
	}
	start, sum, part := 0, 0, 1
	for i, t := range texts {
		sum += len(t)
		if sum*parts >= size*part || i == len(texts)-1 {
			s.sub.pending = append(s.sub.pending, s.sub.cover(texts[start:i+1]))
			start, part = i+1, part+1
		}
	}
}

// grow loads an instance that covers text (with s.mu held for writing)
// and returns the one it replaces, for the caller to free once the lock
// is released.
func (s *subset) grow(text string, need []int, ok bool) (old *gojieba.Jieba) {
	if s.whole || ok && s.jieba != nil && s.covers(text, need) {
		return nil // another cut loaded it meanwhile
	}
	if ok && s.spent < s.table.n {
		mark := func(l int) {
			if setBit(s.have, l) {
				s.count++
				s.sum += s.table.freq(l)
			}
		}
		for _, l := range need {
			mark(l)
		}
		for _, t := range []string{text, FoldWidth(text)} {
			for _, r := range t {
				setBit(s.chars, int(r))
			}
		}
		for _, c := range s.pending {
			<-c.done
			for i, w := range c.lines {
				for w &^= s.have[i]; w != 0; w &= w - 1 {
					mark(i*64 + bits.TrailingZeros64(w))
				}
			}
			for _, r := range c.chars {
				setBit(s.chars, int(r))
			}
		}
		s.pending = nil
		if j, err := s.load(); err == nil {
			s.spent += s.count + loadOverhead
			return s.swap(j, false)
		}
	}
	return s.swap(gojieba.NewJieba(s.paths[:]...), true)
}

func (s *subset) swap(j *gojieba.Jieba, whole bool) (old *gojieba.Jieba) {
	old, s.jieba, s.whole = s.jieba, j, whole
	s.loads++
	return old
}

// load writes the dictionary of the loaded lines to a temporary directory
// and loads jieba from it.
func (s *subset) load() (*gojieba.Jieba, error) {
	t := s.table
	if s.sum+t.minFreq > t.freqSum {
		return nil, fmt.Errorf("subset of %d words: frequencies exceed the dictionary's", s.count)
	}
	var dict bytes.Buffer
	for i, w := range s.have {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			w &^= 1 << b
			dict.Write(t.line(i*64 + b))
			dict.WriteByte('\n')
		}
	}
	pad := func(r rune, freq uint64) {
		dict.WriteString(string([]rune{padRune, r}) + " " + strconv.FormatUint(freq, 10) + " x\n")
	}
	pad(padRune+1, t.minFreq)
	if rest := t.freqSum - s.sum - t.minFreq; rest > 0 {
		pad(padRune+2, rest)
	}
	dir, err := os.MkdirTemp("", "lawreview-jieba-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) // cppjieba reads its files in the constructor only
	paths := s.paths
	files := map[int][]byte{0: dict.Bytes(), 1: s.hmm.write(s.chars), 2: s.user, 3: []byte(idfPlaceholder), 4: []byte(stopPlaceholder)}
	for i, b := range files {
		paths[i] = filepath.Join(dir, dictNames[i])
		if err := os.WriteFile(paths[i], b, 0o600); err != nil {
			return nil, err
		}
	}
	return gojieba.NewJieba(paths[:]...), nil
}
