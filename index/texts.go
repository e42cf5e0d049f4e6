package index

import (
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"lawreview/corpus"
)

// The article text is indexed but not stored (format 3): it was 17.5 MB of
// the national index's 36.7 MB and ~6 % of a build's CPU, and a clause
// search snappy-decoded ~150 stored texts, a fifth of its CPU — while every
// reader holds the same text in its corpus. An index is therefore opened
// with the corpus it was built from, and a hit's text is the corpus
// article its document ID names (<law id>/<article index>, see docID).
// Since format 4 the article's label, number, sub-number and chapter are
// the corpus's too (they were the last stored field besides bleve's _id),
// so a hit's whole article comes from the corpus.
//
// The index and the corpus must agree, and a new binary's default corpus
// (which changes with every release) or a version imported again with
// other articles must never leave the user an index to rebuild by hand.
// Open therefore checks that they hold the same law versions with the same
// names, levels, statuses and articles, and refuses an index that does not
// as missing, so the store rebuilds it (Store.Open, with a notice). It does
// so without decoding an imported article: a law whose articles are in
// memory (the default corpus, ~40 laws) is checked against the checksum
// the build recorded (lawMeta.Sum), and a law read lazily from the
// imported snapshot by the snapshot's sum (corpus.Law.SnapshotSum, read
// off the file's header), which the build recorded too. An index written
// before the snapshots' sums were recorded trusts the imported laws; the
// first time a law's texts are read, its articles are still checked
// against lawMeta.Sum, and one that changed gives an error naming the law
// and the command that rebuilds the index, never another article's text.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// textSum is the checksum of a law's articles as the index reads them:
// their count and, of each, what a hit shows (its packed fields, see
// packArt, and its text).
func textSum(l *corpus.Law) uint32 {
	crc := crc32.Update(0, castagnoli, []byte(strconv.Itoa(len(l.Articles))+"\x00"))
	sep := []byte{0}
	var art []byte
	for i := range l.Articles {
		a := &l.Articles[i]
		art = appendArt(art[:0], a.Label, a.Number, a.Sub, a.Chapter())
		crc = crc32.Update(crc, castagnoli, art)
		crc = crc32.Update(crc, castagnoli, sep)
		crc = crc32.Update(crc, castagnoli, bytesOf(a.Text))
		crc = crc32.Update(crc, castagnoli, sep)
	}
	return crc
}

// bytesOf is s's bytes without a copy; crc32 only reads them.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// errStale reports an index built from another corpus than the one it is
// opened with; it wraps ErrNoIndex so the store builds a new one.
var errStale = fmt.Errorf("索引与法律库不一致，需要重建: %w", ErrNoIndex)

// sameLaws checks that c holds exactly the law versions of the table, as
// they were indexed. It reads no imported article: ~1 ms for the 3,305
// laws of a whole collection (docs/performance.md).
func sameLaws(t *lawTable, c *corpus.Corpus) error {
	if c.Len() != len(t.Laws) {
		return fmt.Errorf("%w（索引有 %d 个法律版本，法律库有 %d 个）", errStale, len(t.Laws), c.Len())
	}
	var day [len("2006-01-02")]byte
	for id, m := range t.Laws {
		l, ok := c.Peek(id)
		if !ok {
			return fmt.Errorf("%w（法律库中没有 %s）", errStale, id)
		}
		if m == nil {
			return fmt.Errorf("%w（%s）", errStale, id)
		}
		sum := l.SnapshotSum()
		if sum != "" && t.Snapshots != nil {
			// The snapshot's sum covers all of the law but the status,
			// which corpus.New works out over the whole corpus; comparing
			// only that spares reading 3,000 names, 40 % of the check.
			if !slices.Contains(t.Snapshots, sum) {
				return fmt.Errorf("%w（导入的法律库已更新）", errStale)
			}
			if m.Status != string(l.Status) {
				return fmt.Errorf("%w（%s 的效力有变动）", errStale, id)
			}
			continue
		}
		if !sameHead(m, l, day[:0]) {
			return fmt.Errorf("%w（%s 的名称、层级或效力有变动）", errStale, id)
		}
		if sum != "" {
			continue // a table from before Snapshots: trusted, checked when read (corpusTexts)
		}
		if textSum(l) != m.Sum {
			return fmt.Errorf("%w（%s 的条文有变动）", errStale, id)
		}
	}
	return nil
}

// sameHead reports whether m is l's metaOf, but for Sum, without
// allocating; buf is room for the version date.
func sameHead(m *lawMeta, l *corpus.Law, buf []byte) bool {
	if m.Name != l.Name || m.Short != l.ShortName || m.Level != l.Level || m.Region != l.Region || m.Status != string(l.Status) {
		return false
	}
	if l.Published.IsZero() {
		return m.Version == ""
	}
	return m.Version == string(l.Published.AppendFormat(buf, "2006-01-02"))
}

// StaleTextError reports a law whose articles in the corpus are not those
// indexed: the index must be rebuilt before it can show them.
type StaleTextError struct{ LawID, Name string }

func (e *StaleTextError) Error() string {
	return fmt.Sprintf("法律索引与法律库不一致：《%s》（%s）的条文在建立索引后有变动，请运行 lawreview index rebuild 重建索引", e.Name, e.LawID)
}

// corpusTexts reads the indexed articles' texts from the corpus.
type corpusTexts struct {
	c    *corpus.Corpus
	laws sync.Map // law id -> textLaw, checked on first use
}

type textLaw struct {
	arts []corpus.Article
	err  error
}

// law returns the articles of law lawID, checked against the index's
// checksum of them once.
func (ct *corpusTexts) law(lawID string, meta map[string]*lawMeta) ([]corpus.Article, error) {
	if v, ok := ct.laws.Load(lawID); ok {
		tl := v.(textLaw)
		return tl.arts, tl.err
	}
	var tl textLaw
	m := meta[lawID]
	l, ok := ct.c.ByID(lawID)
	switch {
	case m == nil:
		tl.err = fmt.Errorf("law %s is not in the index's law table", lawID)
	case !ok || textSum(l) != m.Sum:
		tl.err = &StaleTextError{LawID: lawID, Name: m.Name}
	default:
		tl.arts = l.Articles
	}
	ct.laws.Store(lawID, tl)
	return tl.arts, tl.err
}

// corpusArticle is the corpus article with document ID id.
func (ix *Index) corpusArticle(id string) (*corpus.Article, error) {
	lawID, n, ok := splitDocID(id)
	if !ok {
		return nil, fmt.Errorf("document %q: not an article's ID", id)
	}
	arts, err := ix.texts.law(lawID, ix.laws)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > len(arts) {
		return nil, errors.New("document " + id + ": no such article in the corpus")
	}
	return &arts[n-1], nil
}

// article is the packed fields (packArt) and the text of the article with
// document ID id, both the corpus's.
func (ix *Index) article(id string) (art, text string, err error) {
	a, err := ix.corpusArticle(id)
	if err != nil {
		return "", "", err
	}
	return packArt(a.Label, a.Number, a.Sub, a.Chapter()), a.Text, nil
}
