package index

import (
	"errors"
	"fmt"
	"hash/crc32"
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
// The index and the corpus must agree. Open checks that they hold the
// same law versions (cheaply: no article is decoded), and refuses an index
// that does not as missing, so the store rebuilds it; and the first time a
// law's texts are read, the law's articles are checked against the
// checksum the build recorded (lawMeta.Sum): a version imported again with
// other articles, or a default corpus changed by a new binary, gives an
// error naming the law and the command that rebuilds the index, never
// another article's text.

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

// sameLaws checks that c holds exactly the law versions of the table.
func sameLaws(t *lawTable, c *corpus.Corpus) error {
	if c.Len() != len(t.Laws) {
		return fmt.Errorf("%w（索引有 %d 个法律版本，法律库有 %d 个）", errStale, len(t.Laws), c.Len())
	}
	for id := range t.Laws {
		if !c.Has(id) {
			return fmt.Errorf("%w（法律库中没有 %s）", errStale, id)
		}
	}
	return nil
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
