package corpus

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"lawreview/corpus/mapfile"
)

// A snapshot is the laws of a corpus in a layout that is read, not
// decoded. The data directory keeps every imported law in one (about
// 150,000 articles, 50 MB of text for the whole collection); reading it as
// gob took a second and left half a gigabyte of garbage behind, in every
// process that looked up one article. Here the text is one block of
// bytes that the laws' strings point into, mapped from the file
// (corpus/mapfile), and everything else is fixed-size records, so reading
// costs one pass over the records and a few allocations, the text stays
// out of the Go heap, and paragraphs, which are pieces of their article's
// text, cost nothing.
//
// Layout, little-endian:
//
//	header    magic "LRLAWS\x00\x01", crc32c of the records, crc32c of
//	          the blob (0 in files written before it was kept; see
//	          Law.SnapshotSum), then uint32 counts: laws, history lines, articles,
//	          paragraphs, chapter paths, path entries, blob bytes, 0
//	laws      108 bytes each: 9 strings (ID, Name, ShortName, Subtitle,
//	          Level, Category, Region, Source, Status), Published and
//	          InForceFrom (int64 Unix seconds, MinInt64 = zero time),
//	          Partial, first and count of its history lines and articles
//	history   24 bytes: Date, Action, Text
//	articles  36 bytes: Number, Sub (int32), Label, Text, chapter path,
//	          first and count of its paragraphs
//	paras     8 bytes: a string
//	paths     8 bytes: first and count of its entries (path 0 is empty)
//	entries   8 bytes: a string (a chapter heading)
//	blob      the bytes every string points into
//
// A string is 8 bytes: offset and length in the blob. Equal strings are
// stored once (the same heading or label in many laws, an article
// unchanged between versions), and an article's paragraphs point into its
// text. The records are checksummed; the text is not (it is not read at
// all unless asked for), but every reference is checked against the blob.
const snapshotMagic = "LRLAWS\x00\x01"

const (
	headerSize  = 48
	lawSize     = 9*8 + 2*8 + 4 + 4*4
	historySize = 8 + 2*8
	articleSize = 2*4 + 2*8 + 3*4
	refSize     = 8
	pathSize    = 8
)

// zeroTime marks a zero time.Time in a record.
const zeroTime = math.MinInt64

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func crc32Records(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// ErrSnapshot is wrapped by every error about a damaged or foreign
// snapshot file.
var ErrSnapshot = errors.New("法律库快照文件已损坏或不是本程序写的")

// IsSnapshot reports whether b starts like a snapshot.
func IsSnapshot(b []byte) bool { return bytes.HasPrefix(b, []byte(snapshotMagic)) }

// WriteSnapshot writes laws as a snapshot.
func WriteSnapshot(w io.Writer, laws []*Law) error {
	sw := &snapWriter{strs: map[string]uint32{}, paths: map[string]uint32{}}
	sw.pathTab = binary.LittleEndian.AppendUint64(nil, 0) // path 0: no chapters
	for _, l := range laws {
		if err := sw.law(l); err != nil {
			return fmt.Errorf("write snapshot: %s: %w", l.ID, err)
		}
	}
	if sw.blob.Len() > math.MaxUint32 {
		return fmt.Errorf("write snapshot: %d bytes of text, more than the format holds", sw.blob.Len())
	}
	counts := []int{len(laws), sw.nHist, sw.nArts, sw.nParas, len(sw.pathTab) / pathSize, len(sw.entries) / refSize, sw.blob.Len(), 0}
	hdr := make([]byte, 0, headerSize)
	hdr = append(hdr, snapshotMagic...)
	hdr = binary.LittleEndian.AppendUint32(hdr, 0) // crc, below
	hdr = binary.LittleEndian.AppendUint32(hdr, 0)
	for _, n := range counts {
		hdr = binary.LittleEndian.AppendUint32(hdr, uint32(n))
	}
	crc := crc32Records(hdr[16:])
	for _, part := range [][]byte{sw.lawTab, sw.histTab, sw.artTab, sw.paraTab, sw.pathTab, sw.entries} {
		crc = crc32.Update(crc, castagnoli, part)
	}
	binary.LittleEndian.PutUint32(hdr[8:], crc)
	// The blob's own checksum is not checked when the file is read (that
	// would read all the text); it makes the file's SnapshotSum.
	binary.LittleEndian.PutUint32(hdr[12:], crc32Records(sw.blob.Bytes()))
	for _, part := range [][]byte{hdr, sw.lawTab, sw.histTab, sw.artTab, sw.paraTab, sw.pathTab, sw.entries, sw.blob.Bytes()} {
		if _, err := w.Write(part); err != nil {
			return fmt.Errorf("write snapshot: %w", err)
		}
	}
	return nil
}

type snapWriter struct {
	blob                                               bytes.Buffer
	strs                                               map[string]uint32 // string → offset in blob
	paths                                              map[string]uint32 // headings joined by \x00 → path index
	lawTab, histTab, artTab, paraTab, pathTab, entries []byte
	nHist, nArts, nParas                               int
}

// str returns the reference of s, adding it to the blob the first time.
func (sw *snapWriter) str(s string) (off, n uint32) {
	if s == "" {
		return 0, 0
	}
	o, ok := sw.strs[s]
	if !ok {
		o = uint32(sw.blob.Len())
		sw.blob.WriteString(s)
		sw.strs[s] = o
	}
	return o, uint32(len(s))
}

func appendRef(b []byte, off, n uint32) []byte {
	return binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(b, off), n)
}

func (sw *snapWriter) appendStr(b []byte, s string) []byte {
	off, n := sw.str(s)
	return appendRef(b, off, n)
}

func appendTime(b []byte, t time.Time) []byte {
	v := int64(zeroTime)
	if !t.IsZero() {
		v = t.Unix()
	}
	return binary.LittleEndian.AppendUint64(b, uint64(v))
}

func (sw *snapWriter) law(l *Law) error {
	for _, t := range []time.Time{l.Published, l.InForceFrom} {
		if !t.IsZero() && (t.Nanosecond() != 0 || t.Location() != time.UTC) {
			return fmt.Errorf("time %v is not a UTC date", t)
		}
	}
	b := sw.lawTab
	for _, s := range []string{l.ID, l.Name, l.ShortName, l.Subtitle, l.Level, l.Category, l.Region, l.Source, string(l.Status)} {
		b = sw.appendStr(b, s)
	}
	b = appendTime(b, l.Published)
	b = appendTime(b, l.InForceFrom)
	partial := uint32(0)
	if l.Partial {
		partial = 1
	}
	b = binary.LittleEndian.AppendUint32(b, partial)
	b = binary.LittleEndian.AppendUint32(b, uint32(sw.nHist))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(l.History)))
	b = binary.LittleEndian.AppendUint32(b, uint32(sw.nArts))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(l.Articles)))
	sw.lawTab = b
	for _, h := range l.History {
		if !h.Date.IsZero() && (h.Date.Nanosecond() != 0 || h.Date.Location() != time.UTC) {
			return fmt.Errorf("history date %v is not a UTC date", h.Date)
		}
		sw.histTab = appendTime(sw.histTab, h.Date)
		sw.histTab = sw.appendStr(sw.histTab, h.Action)
		sw.histTab = sw.appendStr(sw.histTab, h.Text)
		sw.nHist++
	}
	for i := range l.Articles {
		if err := sw.article(&l.Articles[i]); err != nil {
			return err
		}
	}
	return nil
}

func (sw *snapWriter) article(a *Article) error {
	if int64(int32(a.Number)) != int64(a.Number) || int64(int32(a.Sub)) != int64(a.Sub) {
		return fmt.Errorf("article number %d之%d out of range", a.Number, a.Sub)
	}
	b := binary.LittleEndian.AppendUint32(sw.artTab, uint32(int32(a.Number)))
	b = binary.LittleEndian.AppendUint32(b, uint32(int32(a.Sub)))
	b = sw.appendStr(b, a.Label)
	textOff, textLen := sw.str(a.Text)
	b = appendRef(b, textOff, textLen)
	b = binary.LittleEndian.AppendUint32(b, sw.path(a.Chapters))
	b = binary.LittleEndian.AppendUint32(b, uint32(sw.nParas))
	b = binary.LittleEndian.AppendUint32(b, uint32(len(a.Paragraphs)))
	sw.artTab = b
	// A paragraph found where it sits in the text (paragraphs joined by
	// "\n" are the text) points there; any other is a string of its own.
	pos := 0
	for _, p := range a.Paragraphs {
		if p != "" && strings.HasPrefix(a.Text[pos:], p) {
			sw.paraTab = appendRef(sw.paraTab, textOff+uint32(pos), uint32(len(p)))
			pos += len(p)
			if pos < len(a.Text) && a.Text[pos] == '\n' {
				pos++
			}
		} else {
			sw.paraTab = sw.appendStr(sw.paraTab, p)
		}
		sw.nParas++
	}
	sw.nArts++
	return nil
}

// path returns the index of a chapter path, adding it the first time.
func (sw *snapWriter) path(chapters []string) uint32 {
	if len(chapters) == 0 {
		return 0
	}
	key := strings.Join(chapters, "\x00")
	if i, ok := sw.paths[key]; ok {
		return i
	}
	i := uint32(len(sw.pathTab) / pathSize)
	sw.pathTab = binary.LittleEndian.AppendUint32(sw.pathTab, uint32(len(sw.entries)/refSize))
	sw.pathTab = binary.LittleEndian.AppendUint32(sw.pathTab, uint32(len(chapters)))
	for _, c := range chapters {
		sw.entries = sw.appendStr(sw.entries, c)
	}
	sw.paths[key] = i
	return i
}

// ReadSnapshot reads the snapshot file at path. Its strings point into
// the file's mapping (see corpus/mapfile): the file must be replaced by
// renaming, never rewritten in place.
func ReadSnapshot(path string) ([]*Law, error) {
	b, err := mapfile.Read(path)
	if err != nil {
		return nil, err
	}
	laws, err := DecodeSnapshot(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return laws, nil
}

// DecodeSnapshot reads the laws of a snapshot. Their strings point into
// b, which must never change afterwards.
func DecodeSnapshot(b []byte) ([]*Law, error) {
	d, err := newSnapReader(b)
	if err != nil {
		return nil, err
	}
	return d.laws()
}

type snapReader struct {
	lawTab, histTab, artTab, paraTab, pathTab, entryTab, blob []byte
	nLaws, nHist, nArts, nParas, nPaths, nEntries             uint64
	hdr                                                       []byte // the header's counts, b[16:headerSize]
	crc                                                       uint32 // the header's checksum of the records
	sum                                                       string // the laws' SnapshotSum
	// lawStr, when set, reads the law records' strings (from a copy, see
	// ReadSnapshotLazy); checked, when set, gives the paragraph and
	// article records' first error, found while the records were read.
	lawStr  func(b []byte) (string, error)
	checked func() error
}

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSnapshot, fmt.Sprintf(format, args...))
}

func newSnapReader(b []byte) (*snapReader, error) {
	d, err := parseSnapshot(b)
	if err != nil {
		return nil, err
	}
	records := b[16 : len(b)-len(d.blob)]
	if crc32Records(records) != d.crc {
		return nil, bad("checksum mismatch")
	}
	return d, nil
}

// parseSnapshot reads the header and finds the parts, checking their sizes
// but not the checksum.
func parseSnapshot(b []byte) (*snapReader, error) {
	if len(b) < headerSize || !IsSnapshot(b) {
		return nil, bad("no snapshot header")
	}
	le := binary.LittleEndian
	var n [8]uint64
	for i := range n {
		n[i] = uint64(le.Uint32(b[16+4*i:]))
	}
	d := &snapReader{nLaws: n[0], nHist: n[1], nArts: n[2], nParas: n[3], nPaths: n[4], nEntries: n[5]}
	sizes := []uint64{d.nLaws * lawSize, d.nHist * historySize, d.nArts * articleSize, d.nParas * refSize, d.nPaths * pathSize, d.nEntries * refSize, n[6]}
	want := uint64(headerSize)
	for _, s := range sizes {
		want += s
	}
	if want != uint64(len(b)) {
		return nil, bad("%d bytes, the header accounts for %d", len(b), want)
	}
	if d.nPaths == 0 {
		return nil, bad("no empty chapter path")
	}
	parts := make([][]byte, len(sizes))
	at := uint64(headerSize)
	for i, s := range sizes {
		parts[i] = b[at : at+s : at+s]
		at += s
	}
	d.lawTab, d.histTab, d.artTab, d.paraTab, d.pathTab, d.entryTab, d.blob = parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]
	d.hdr, d.crc = b[16:headerSize], le.Uint32(b[8:])
	d.sum = fmt.Sprintf("%08x.%08x.%d", d.crc, le.Uint32(b[12:]), len(d.blob))
	return d, nil
}

// str reads the string reference at b[0:8].
// strRef reads the string reference at b[0:8]: an offset into the text
// and a length.
func strRef(b []byte) (off, n uint64) {
	return uint64(binary.LittleEndian.Uint32(b)), uint64(binary.LittleEndian.Uint32(b[4:]))
}

func (d *snapReader) str(b []byte) (string, error) {
	off, n := strRef(b)
	if off+n > uint64(len(d.blob)) {
		return "", bad("string [%d,+%d) outside %d bytes of text", off, n, len(d.blob))
	}
	if n == 0 {
		return "", nil
	}
	return unsafe.String(&d.blob[off], int(n)), nil
}

func readTime(b []byte) time.Time {
	v := int64(binary.LittleEndian.Uint64(b))
	if v == zeroTime {
		return time.Time{}
	}
	return time.Unix(v, 0).UTC()
}

// recordRange checks that [first, first+count) lies within n records.
func recordRange(b []byte, n uint64) (lo, hi uint64, err error) {
	lo, c := uint64(binary.LittleEndian.Uint32(b)), uint64(binary.LittleEndian.Uint32(b[4:]))
	if lo+c > n {
		return 0, 0, bad("records [%d,+%d) outside %d", lo, c, n)
	}
	return lo, lo + c, nil
}

func (d *snapReader) laws() ([]*Law, error) {
	return d.read(false)
}

// read reads the laws, with their articles or, when lazy, with only what
// loadArticles needs to decode them on first use.
func (d *snapReader) read(lazy bool) ([]*Law, error) {
	chapters, err := d.chapterPaths()
	if err != nil {
		return nil, err
	}
	if lazy {
		if d.checked != nil {
			if err := d.checked(); err != nil {
				return nil, err
			}
		} else if err := d.checkArticles(uint64(len(chapters))); err != nil {
			return nil, err
		}
		hist, err := d.history()
		if err != nil {
			return nil, err
		}
		all := make([]lazyArticles, d.nLaws)
		n := 0
		return d.lawRecords(hist, func(l *Law, lo, hi uint64) {
			// also a law without articles: lazy carries the SnapshotSum
			l.lazy = &all[n]
			*l.lazy = lazyArticles{d: d, chapters: chapters, lo: lo, hi: hi}
			n++
		})
	}
	paras := make([]string, d.nParas)
	for i := range paras {
		if paras[i], err = d.str(d.paraTab[uint64(i)*refSize:]); err != nil {
			return nil, err
		}
	}
	// One allocation for every article and one for every law: the
	// collector then sees two large objects instead of 150,000 small ones.
	arts := make([]Article, d.nArts)
	for i := range arts {
		lo, hi, err := d.article(&arts[i], uint64(i), chapters)
		if err != nil {
			return nil, err
		}
		if hi > lo {
			arts[i].Paragraphs = paras[lo:hi:hi]
		}
	}
	hist, err := d.history()
	if err != nil {
		return nil, err
	}
	return d.lawRecords(hist, func(l *Law, lo, hi uint64) {
		if hi > lo {
			l.Articles = arts[lo:hi:hi]
		}
	})
}

// article decodes article record i into a, but for its paragraphs,
// records [lo, hi).
func (d *snapReader) article(a *Article, i uint64, chapters [][]string) (lo, hi uint64, err error) {
	r := d.artTab[i*articleSize:]
	a.Number = int(int32(binary.LittleEndian.Uint32(r)))
	a.Sub = int(int32(binary.LittleEndian.Uint32(r[4:])))
	if a.Label, err = d.str(r[8:]); err != nil {
		return 0, 0, err
	}
	if a.Text, err = d.str(r[16:]); err != nil {
		return 0, 0, err
	}
	p := uint64(binary.LittleEndian.Uint32(r[24:]))
	if p >= uint64(len(chapters)) {
		return 0, 0, bad("article %d: chapter path %d of %d", i, p, len(chapters))
	}
	a.Chapters = chapters[p]
	return recordRange(r[28:], d.nParas)
}

// history reads the history records.
func (d *snapReader) history() ([]History, error) {
	var err error
	hist := make([]History, d.nHist)
	for i := range hist {
		r := d.histTab[uint64(i)*historySize:]
		hist[i].Date = readTime(r)
		if hist[i].Action, err = d.str(r[8:]); err != nil {
			return nil, err
		}
		if hist[i].Text, err = d.str(r[16:]); err != nil {
			return nil, err
		}
	}
	return hist, nil
}

// checkArticles checks the paragraph and article records as read does,
// in the same order and with the same errors, without decoding them: a
// lazily read snapshot is refused when it opens, as an eagerly read one.
func (d *snapReader) checkArticles(nChapters uint64) error {
	if err := d.checkParas(d.paraTab, 0); err != nil {
		return err
	}
	return d.checkArts(d.artTab, 0, nChapters)
}

// checkParas checks paragraph records, the first of them record first.
func (d *snapReader) checkParas(recs []byte, first uint64) error {
	for i := 0; i+refSize <= len(recs); i += refSize {
		if err := d.checkStr(recs[i:]); err != nil {
			return err
		}
	}
	return nil
}

// checkArts checks article records, the first of them record first.
func (d *snapReader) checkArts(recs []byte, first, nChapters uint64) error {
	for i := 0; i+articleSize <= len(recs); i += articleSize {
		r := recs[i:]
		if err := d.checkStr(r[8:]); err != nil {
			return err
		}
		if err := d.checkStr(r[16:]); err != nil {
			return err
		}
		if p := uint64(binary.LittleEndian.Uint32(r[24:])); p >= nChapters {
			return bad("article %d: chapter path %d of %d", first+uint64(i/articleSize), p, nChapters)
		}
		if _, _, err := recordRange(r[28:], d.nParas); err != nil {
			return err
		}
	}
	return nil
}

// checkStr checks the string reference at b[0:8] with str, which only
// takes the text's address, never reading it.
func (d *snapReader) checkStr(b []byte) error {
	_, err := d.str(b)
	return err
}

// ReadSnapshotLazy is ReadSnapshot, except that a law's articles are
// decoded when first asked for, through a Corpus the laws are given to
// (New), or Law.Article. Most commands use a few of the 150,000 articles
// of a whole collection: decoding all of them at open was a 14 MB array
// the collector scanned at every cycle and a fresh page for every 40
// articles. The records are checked at open as ReadSnapshot checks them.
// The laws may be copied (Combine) until their articles are first used,
// never after.
func ReadSnapshotLazy(path string) ([]*Law, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := mapfile.Map(f)
	if err != nil {
		return nil, err
	}
	d, err := parseSnapshot(b)
	if err == nil {
		err = d.readRecords(f)
	}
	if err == nil {
		var laws []*Law
		if laws, err = d.read(true); err == nil {
			return laws, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", path, err)
}

// readRecords checks the checksum and the article and paragraph records
// reading them from f, and copies the laws' strings from f: the text of
// the mapping is then touched only where an article is used. A page of
// a mapping touched for the first time cost ~15 µs on the machines
// measured (a fault; a virtual machine's page tables): the checksum's pass
// over the 7 MB of records and the strings of 3,300 laws, one page each
// across 50 MB of text, were 40-100 ms of a cold review, against a few
// ms read in pieces.
func (d *snapReader) readRecords(f *os.File) error {
	blobAt := int64(headerSize)
	for _, t := range [][]byte{d.lawTab, d.histTab, d.artTab, d.paraTab, d.pathTab, d.entryTab} {
		blobAt += int64(len(t))
	}
	crc := crc32Records(d.hdr)
	crc = crc32.Update(crc, castagnoli, d.lawTab)
	crc = crc32.Update(crc, castagnoli, d.histTab)
	var paraErr, artErr error
	buf := make([]byte, 1820*articleSize)                    // a multiple of both record sizes
	at := int64(headerSize + len(d.lawTab) + len(d.histTab)) // the articles' file offset
	for _, part := range []struct {
		n, size uint64
		check   func(recs []byte, first uint64) error
		err     *error
	}{
		{d.nArts, articleSize, func(recs []byte, first uint64) error { return d.checkArts(recs, first, d.nPaths) }, &artErr},
		{d.nParas, refSize, d.checkParas, &paraErr},
	} {
		for first := uint64(0); first < part.n; {
			k := min(part.n-first, uint64(len(buf))/part.size)
			chunk := buf[:k*part.size]
			if _, err := f.ReadAt(chunk, at); err != nil {
				return fmt.Errorf("read %s: %w", f.Name(), err)
			}
			crc = crc32.Update(crc, castagnoli, chunk)
			if *part.err == nil {
				*part.err = part.check(chunk, first)
			}
			at += int64(len(chunk))
			first += k
		}
	}
	crc = crc32.Update(crc, castagnoli, d.pathTab)
	crc = crc32.Update(crc, castagnoli, d.entryTab)
	if crc != d.crc {
		return bad("checksum mismatch")
	}
	d.checked = func() error {
		if paraErr != nil {
			return paraErr
		}
		return artErr
	}
	return d.copyLawStrings(f, blobAt)
}

// copyLawStrings reads the strings of the law records from f, where the
// text starts at blobAt, into one buffer, close ones in one read, and
// sets lawStr to read them from there. A reference outside the text is
// left for lawRecords to refuse.
func (d *snapReader) copyLawStrings(f *os.File, blobAt int64) error {
	type span struct{ off, end, at uint64 } // text [off, end), at buf[at:]
	refs := make([]span, 0, 9*d.nLaws)
	for i := uint64(0); i < d.nLaws; i++ {
		r := d.lawTab[i*lawSize:]
		for k := range 9 {
			off, n := strRef(r[8*k:])
			if n > 0 && off+n <= uint64(len(d.blob)) {
				refs = append(refs, span{off: off, end: off + n})
			}
		}
	}
	slices.SortFunc(refs, func(a, b span) int { return cmp.Compare(a.off, b.off) })
	const gap = 512 // read across a gap this small rather than twice
	var spans []span
	size := uint64(0)
	for _, r := range refs {
		if k := len(spans) - 1; k >= 0 && r.off <= spans[k].end+gap {
			if r.end > spans[k].end {
				size += r.end - spans[k].end
				spans[k].end = r.end
			}
			continue
		}
		spans = append(spans, span{off: r.off, end: r.end, at: size})
		size += r.end - r.off
	}
	buf := make([]byte, size)
	for _, s := range spans {
		if _, err := f.ReadAt(buf[s.at:s.at+s.end-s.off], blobAt+int64(s.off)); err != nil {
			return fmt.Errorf("read %s: %w", f.Name(), err)
		}
	}
	d.lawStr = func(b []byte) (string, error) {
		off, n := strRef(b)
		i, _ := slices.BinarySearchFunc(spans, off, func(s span, off uint64) int {
			if s.end <= off {
				return -1
			}
			if s.off > off {
				return 1
			}
			return 0
		})
		if n == 0 || i == len(spans) || off < spans[i].off || off+n > spans[i].end {
			return d.str(b) // "" or outside the text
		}
		return unsafe.String(&buf[spans[i].at+off-spans[i].off], int(n)), nil
	}
	return nil
}

// lazyArticles are a lazily read law's article records, [lo, hi).
type lazyArticles struct {
	once     sync.Once
	d        *snapReader
	chapters [][]string
	lo, hi   uint64
}

// decode decodes the articles, which checkArticles checked.
func (z *lazyArticles) decode() []Article {
	if z.hi == z.lo {
		return nil // as read eagerly
	}
	d := z.d
	np := 0
	for i := z.lo; i < z.hi; i++ {
		np += int(binary.LittleEndian.Uint32(d.artTab[i*articleSize+32:]))
	}
	paras := make([]string, 0, np)
	arts := make([]Article, z.hi-z.lo)
	for i := range arts {
		lo, hi, _ := d.article(&arts[i], z.lo+uint64(i), z.chapters) // checked at open
		a := &arts[i]
		if hi > lo {
			start := len(paras)
			for p := lo; p < hi; p++ {
				s, _ := d.str(d.paraTab[p*refSize:])
				paras = append(paras, s)
			}
			a.Paragraphs = paras[start:len(paras):len(paras)]
		}
	}
	return arts
}

// loadArticles decodes the articles of a lazily read law, once. Every
// Corpus method that returns a law calls it first, so a law's Articles
// are there when its caller reads them.
func (l *Law) loadArticles() {
	if z := l.lazy; z != nil {
		z.once.Do(func() { l.Articles = z.decode() })
	}
}

// SnapshotSum identifies the snapshot file a lazily read law came from
// (ReadSnapshotLazy): two laws with the same SnapshotSum hold what the same
// file holds, articles and all. It is read off the file's header, so the
// law index can tell whether the laws it was built from are the laws it
// is opened with without reading 50 MB of text at every start. "" for a
// law that was not read lazily from a snapshot: its articles are at hand.
// The sum says nothing of a law changed after it was read, nor of the
// Status that New works out; and a file written before the blob's
// checksum was kept is told apart by its records and the blob's length
// only (a corrected character moves no byte of them).
func (l *Law) SnapshotSum() string {
	if l.lazy == nil {
		return ""
	}
	return l.lazy.d.sum
}

// lawRecords reads the law records; setArticles gives each law its
// articles, records [lo, hi).
func (d *snapReader) lawRecords(hist []History, setArticles func(l *Law, lo, hi uint64)) ([]*Law, error) {
	var err error
	str := d.str
	if d.lawStr != nil {
		str = d.lawStr
	}
	laws := make([]Law, d.nLaws)
	out := make([]*Law, d.nLaws)
	for i := range laws {
		r := d.lawTab[uint64(i)*lawSize:]
		l := &laws[i]
		var s [9]string
		for k := range s {
			if s[k], err = str(r[8*k:]); err != nil {
				return nil, err
			}
		}
		l.ID, l.Name, l.ShortName, l.Subtitle, l.Level, l.Category, l.Region, l.Source = s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]
		switch st := Status(s[8]); st {
		case "", StatusCurrent, StatusSuperseded, StatusRepealed:
			l.Status = st
		default:
			return nil, bad("law %d: status %q", i, s[8])
		}
		l.Published, l.InForceFrom = readTime(r[72:]), readTime(r[80:])
		l.Partial = binary.LittleEndian.Uint32(r[88:]) != 0
		lo, hi, err := recordRange(r[92:], d.nHist)
		if err != nil {
			return nil, err
		}
		if hi > lo {
			l.History = hist[lo:hi:hi]
		}
		if lo, hi, err = recordRange(r[100:], d.nArts); err != nil {
			return nil, err
		}
		setArticles(l, lo, hi)
		out[i] = l
	}
	return out, nil
}

// chapterPaths reads the chapter paths; articles of one chapter share
// one slice (nobody writes into an article's Chapters).
func (d *snapReader) chapterPaths() ([][]string, error) {
	entries := make([]string, d.nEntries)
	var err error
	for i := range entries {
		if entries[i], err = d.str(d.entryTab[uint64(i)*refSize:]); err != nil {
			return nil, err
		}
	}
	paths := make([][]string, d.nPaths)
	for i := range paths {
		lo, hi, err := recordRange(d.pathTab[uint64(i)*pathSize:], d.nEntries)
		if err != nil {
			return nil, err
		}
		if hi > lo {
			paths[i] = entries[lo:hi:hi]
		}
	}
	return paths, nil
}
