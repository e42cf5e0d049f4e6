// Package precedent is the search index of precedents (review/precedent):
// a bleve index analysed by the same jieba analyzer as the law index
// (lawreview_zh, registered by package index), written incrementally when a
// review is signed off and rebuilt from storage whenever needed.
//
// On disk, under the directory given to Open:
//
//	CURRENT              name of the live index directory, one line
//	prec-<timestamp>/    a bleve index
//	prec-<timestamp>/STAMP  the storage stamp the index matches
//
// A rebuild writes a new directory and renames a new pointer over CURRENT,
// so a crash during a rebuild leaves the old index live.
package precedent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"

	"lawreview/corpus/atomicfile"
	"lawreview/index" // registers the lawreview_zh analyzer
	"lawreview/review/precedent"
)

// Field names.
const (
	fClause     = "clause"
	fSentence   = "sentence"
	fProblem    = "problem"
	fTitle      = "doc_title"
	fDocType    = "doc_type"
	fTownship   = "township"
	fRule       = "rule"
	fVerdict    = "verdict"
	fConclusion = "conclusion"
	fSource     = "source"
	fDate       = "date"   // datetime: range filters and sorting
	fReview     = "review" // keyword: review id, to replace a review's precedents
	fRaw        = "raw"    // stored JSON of the whole record
	docType     = "precedent"
)

// Facet fields, in the order the search page shows them.
var FacetFields = []string{fVerdict, fDocType, fTownship, fRule, fConclusion, fSource}

// Facet is a field the search counts hits by (FacetFields); Label is its
// Chinese name on the search page.
type Facet string

func (f Facet) Label() string {
	switch f {
	case fVerdict:
		return "认定结果"
	case fDocType:
		return "文件类型"
	case fTownship:
		return "镇（街道）"
	case fRule:
		return "审查规则"
	case fConclusion:
		return "全文结论"
	case fSource:
		return "来源"
	}
	return string(f)
}

// NewMapping is the mapping of a precedent index. Text fields keep term
// vectors: bleve's highlighter marks the matches of the few hits shown.
// Keyword fields keep doc values for facets.
func NewMapping() *mapping.IndexMappingImpl {
	text := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = index.AnalyzerName
		f.Store = true
		f.Index = true
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = true
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	date := mapping.NewDateTimeFieldMapping()
	date.Index, date.Store, date.DocValues, date.IncludeInAll = true, false, true, false
	raw := mapping.NewTextFieldMapping()
	raw.Index, raw.Store, raw.IncludeInAll, raw.DocValues, raw.IncludeTermVectors = false, true, false, false, false

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fClause, text())
	doc.AddFieldMappingsAt(fSentence, text())
	doc.AddFieldMappingsAt(fProblem, text())
	doc.AddFieldMappingsAt(fTitle, text())
	for _, f := range FacetFields {
		doc.AddFieldMappingsAt(f, kw(true))
	}
	doc.AddFieldMappingsAt(fReview, kw(false))
	doc.AddFieldMappingsAt(fDate, date)
	doc.AddFieldMappingsAt(fRaw, raw)
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.AddDocumentMapping(docType, doc)
	m.DefaultType = docType
	m.DefaultAnalyzer = index.AnalyzerName
	m.IndexDynamic, m.StoreDynamic, m.DocValuesDynamic = false, false, false
	m.ScoringModel = bindex.BM25Scoring
	return m
}

// stored is the raw field: the record with the links that never leave the
// office (precedent.Precedent hides them from JSON).
type stored struct {
	P          precedent.Precedent `json:"p"`
	Source     precedent.Source    `json:"source"`
	Origin     string              `json:"origin,omitempty"`
	ReviewID   int64               `json:"review_id,omitempty"`
	FindingID  int64               `json:"finding_id,omitempty"`
	Revision   int                 `json:"revision,omitempty"`
	DocumentID int64               `json:"document_id,omitempty"`
	TownshipID int64               `json:"township_id,omitempty"`
	OfficeID   int64               `json:"office_id,omitempty"`
}

func toDoc(p *precedent.Precedent) (map[string]interface{}, error) {
	raw, err := json.Marshal(stored{P: *p, Source: p.Source, Origin: p.Origin, ReviewID: p.ReviewID, FindingID: p.FindingID,
		Revision: p.Revision, DocumentID: p.DocumentID, TownshipID: p.TownshipID, OfficeID: p.OfficeID})
	if err != nil {
		return nil, err
	}
	d := map[string]interface{}{
		fClause: p.Clause, fSentence: p.Sentence, fProblem: p.Problem, fTitle: p.DocTitle,
		fDocType: p.DocType, fTownship: p.Township, fRule: p.Rule, fVerdict: string(p.Verdict), fConclusion: p.Conclusion,
		fSource: string(p.Source), fRaw: string(raw),
	}
	if t := p.Time(); !t.IsZero() {
		d[fDate] = t
	}
	if p.ReviewID != 0 {
		d[fReview] = strconv.FormatInt(p.ReviewID, 10)
	}
	return d, nil
}

func fromRaw(v interface{}) (precedent.Precedent, error) {
	s, _ := v.(string)
	var st stored
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return precedent.Precedent{}, fmt.Errorf("stored precedent: %w", err)
	}
	p := st.P
	p.Source, p.Origin, p.ReviewID, p.FindingID, p.Revision = st.Source, st.Origin, st.ReviewID, st.FindingID, st.Revision
	p.DocumentID, p.TownshipID, p.OfficeID = st.DocumentID, st.TownshipID, st.OfficeID
	return p, nil
}

// Index is the live precedent index of a directory. Safe for concurrent
// use: searches share it, writes and rebuilds take turns.
type Index struct {
	root string
	an   analysis.Analyzer

	wmu sync.Mutex   // one writer (add, replace, rebuild) at a time
	mu  sync.RWMutex // guards bi and dir against the swap of a rebuild
	bi  bleve.Index
	dir string
}

const (
	pointerName = "CURRENT"
	stampName   = "STAMP"
	dirPrefix   = "prec-"
)

// ErrBusy reports an index held open by another process (the web server).
var ErrBusy = errors.New("先例索引正被另一个进程（通常是正在运行的网页工作台）使用")

// Open opens the live index under root, creating an empty one when there
// is none. Only one process may have it open; another gets ErrBusy after
// a few seconds instead of waiting forever.
func Open(root string) (*Index, error) {
	an, err := index.Analyzer()
	if err != nil {
		return nil, fmt.Errorf("open precedent index: %w", err)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("create precedent index directory: %w", err)
	}
	ix := &Index{root: root, an: an}
	name, err := readPointer(root)
	if err != nil {
		return nil, err
	}
	if name != "" {
		bi, err := openDir(filepath.Join(root, name))
		if err == nil {
			ix.bi, ix.dir = bi, filepath.Join(root, name)
			return ix, nil
		}
		if errors.Is(err, ErrBusy) {
			return nil, err
		}
		// A pointer to a missing or broken index: start empty; the caller
		// sees an out-of-date stamp and rebuilds.
	}
	dir, bi, err := ix.create()
	if err != nil {
		return nil, err
	}
	if err := atomicfile.WriteFile(filepath.Join(root, pointerName), []byte(filepath.Base(dir)+"\n")); err != nil {
		bi.Close()
		return nil, fmt.Errorf("write precedent index pointer: %w", err)
	}
	ix.bi, ix.dir = bi, dir
	return ix, nil
}

func readPointer(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, pointerName))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read precedent index pointer: %w", err)
	}
	name := strings.TrimSpace(string(b))
	if !strings.HasPrefix(name, dirPrefix) || strings.ContainsAny(name, `/\`) {
		return "", fmt.Errorf("precedent index pointer: bad content %q", name)
	}
	return name, nil
}

func openDir(dir string) (bleve.Index, error) {
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"bolt_timeout": "3s"})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open %s: %w", dir, ErrBusy)
		}
		return nil, fmt.Errorf("open precedent index %s: %w", dir, err)
	}
	return bi, nil
}

func (ix *Index) create() (string, bleve.Index, error) {
	dir := filepath.Join(ix.root, dirPrefix+time.Now().UTC().Format("20060102T150405.000000000"))
	bi, err := bleve.NewUsing(dir, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, nil)
	if err != nil {
		return "", nil, fmt.Errorf("create precedent index %s: %w", dir, err)
	}
	return dir, bi, nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.bi == nil {
		return nil
	}
	err := ix.bi.Close()
	ix.bi = nil
	return err
}

// search runs req against the live index. The read lock is released by
// defer: bleve panics on some requests (a huge offset), and a lock left
// held by a recovered panic would block every later rebuild and Close.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.bi == nil {
		return nil, errors.New("precedent index is closed")
	}
	return ix.bi.SearchInContext(ctx, req)
}

// Count is the number of precedents indexed.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.bi.DocCount()
}

// Stamp is the storage stamp the index was last brought up to ("" when
// unknown).
func (ix *Index) Stamp() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	b, _ := os.ReadFile(filepath.Join(ix.dir, stampName))
	return strings.TrimSpace(string(b))
}

// SetStamp records that the index matches the storage stamp s.
func (ix *Index) SetStamp(s string) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return atomicfile.WriteFile(filepath.Join(ix.dir, stampName), []byte(s+"\n"))
}

// Add indexes precedents (a record with an id already indexed replaces it).
func (ix *Index) Add(ps ...precedent.Precedent) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return addBatch(ix.bi, ps)
}

func addBatch(bi bleve.Index, ps []precedent.Precedent) error {
	b := bi.NewBatch()
	for i := range ps {
		d, err := toDoc(&ps[i])
		if err != nil {
			return err
		}
		if err := b.Index(ps[i].ID, d); err != nil {
			return fmt.Errorf("index precedent %s: %w", ps[i].ID, err)
		}
	}
	if err := bi.Batch(b); err != nil {
		return fmt.Errorf("index %d precedents: %w", len(ps), err)
	}
	return nil
}

// Remove drops precedents from the index (ids not indexed are ignored).
func (ix *Index) Remove(ids ...string) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	b := ix.bi.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("remove %d precedents from the index: %w", len(ids), err)
	}
	return nil
}

// SetReview replaces the indexed precedents of a review with ps: what a
// sign-off (or a sign-off after a reopen) does, without any rebuild.
func (ix *Index) SetReview(ctx context.Context, reviewID int64, ps []precedent.Precedent) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	q := bleve.NewTermQuery(strconv.FormatInt(reviewID, 10))
	q.SetField(fReview)
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("find precedents of review %d: %w", reviewID, err)
	}
	keep := map[string]bool{}
	for _, p := range ps {
		keep[p.ID] = true
	}
	b := ix.bi.NewBatch()
	for _, h := range sr.Hits {
		if !keep[h.ID] {
			b.Delete(h.ID)
		}
	}
	for i := range ps {
		d, err := toDoc(&ps[i])
		if err != nil {
			return err
		}
		if err := b.Index(ps[i].ID, d); err != nil {
			return fmt.Errorf("index precedent %s: %w", ps[i].ID, err)
		}
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index precedents of review %d: %w", reviewID, err)
	}
	return nil
}

// Source walks every precedent of storage (storage.PrecedentStore's
// EachPrecedent has this shape).
type Source func(ctx context.Context, fn func(p *precedent.Precedent) error) error

// Rebuild indexes every precedent of src into a new directory, makes it
// live and removes the old one. Writes wait meanwhile; searches go on
// against the old index until the swap. stamp is recorded in the new index.
func (ix *Index) Rebuild(ctx context.Context, src Source, stamp string) (int, error) {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	dir, bi, err := ix.create()
	if err != nil {
		return 0, err
	}
	fail := func(err error) (int, error) {
		bi.Close()
		os.RemoveAll(dir)
		return 0, err
	}
	const batchSize = 1000
	var pending []precedent.Precedent
	n := 0
	err = src(ctx, func(p *precedent.Precedent) error {
		pending = append(pending, *p)
		n++
		if len(pending) == batchSize {
			if err := addBatch(bi, pending); err != nil {
				return err
			}
			pending = pending[:0]
		}
		return ctx.Err()
	})
	if err == nil && len(pending) > 0 {
		err = addBatch(bi, pending)
	}
	if err != nil {
		return fail(fmt.Errorf("rebuild precedent index: %w", err))
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, stampName), []byte(stamp+"\n")); err != nil {
		return fail(err)
	}
	if err := atomicfile.WriteFile(filepath.Join(ix.root, pointerName), []byte(filepath.Base(dir)+"\n")); err != nil {
		return fail(fmt.Errorf("swap precedent index pointer: %w", err))
	}
	old, oldDir := ix.swap(bi, dir)
	if old != nil {
		old.Close()
	}
	if oldDir != "" {
		os.RemoveAll(oldDir)
	}
	ix.clean(filepath.Base(dir))
	return n, nil
}

// swap makes bi (in dir) the live index and returns the previous one.
func (ix *Index) swap(bi bleve.Index, dir string) (bleve.Index, string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old, oldDir := ix.bi, ix.dir
	ix.bi, ix.dir = bi, dir
	return old, oldDir
}

// clean removes index directories left by crashed rebuilds.
func (ix *Index) clean(keep string) {
	ents, err := os.ReadDir(ix.root)
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), dirPrefix) && e.Name() != keep {
			os.RemoveAll(filepath.Join(ix.root, e.Name()))
		}
	}
}

// Sync brings the index up to storage: when its stamp or its count differ
// from storage's, it is rebuilt. It reports whether it rebuilt.
func (ix *Index) Sync(ctx context.Context, src Source, stamp string, count int) (bool, error) {
	n, err := ix.Count()
	if err != nil {
		return false, err
	}
	if ix.Stamp() == stamp && int(n) == count {
		return false, nil
	}
	if _, err := ix.Rebuild(ctx, src, stamp); err != nil {
		return false, err
	}
	return true, nil
}
