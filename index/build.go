package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"

	"lawreview/corpus"
)

// Builder tuning. One scorch segment per builderBatch articles, all merged
// in one pass at the end: the offline builder never merges merges, which is
// what makes the online index slow to build.
const (
	builderBatch    = 8192
	builderMergeMax = 256
	analysisChunk   = 64 // articles per unit of work handed to an analysis worker
)

// Build writes a new index of the laws' articles into dir, which must not
// exist yet or be empty. progress, if not nil, is called with the number of
// articles indexed so far and the total, from one goroutine, at most once
// per chunk of articles and once at the end.
//
// Segmentation dominates the cost, so documents are mapped and analysed by
// one worker per CPU while a single goroutine feeds the analysed documents
// to bleve's offline builder.
func Build(dir string, laws []*corpus.Law, progress func(done, total int)) error {
	return BuildContext(context.Background(), dir, laws, progress)
}

// BuildContext is Build with cancellation: a cancelled build removes dir.
func BuildContext(ctx context.Context, dir string, laws []*corpus.Law, progress func(done, total int)) (err error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("build index in %s: directory is not empty", dir)
	}
	// Load the analyzer (and jieba) before the builder starts, so a broken
	// dictionary fails here with its own error.
	if _, err := Analyzer(); err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	m := NewMapping()
	b, err := bleve.NewBuilder(dir, builderMapping{m}, map[string]interface{}{
		"batchSize": builderBatch,
		"mergeMax":  builderMergeMax,
	})
	if err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()

	total := 0
	for _, l := range laws {
		total += len(l.Articles)
	}

	type job struct {
		law   *corpus.Law
		first int // index of the first article
		n     int
	}
	jobs := make(chan job, 64)
	// Room for a whole builder batch: the workers keep analysing while the
	// builder turns the previous batch into a segment.
	docs := make(chan []*document.Document, builderBatch/analysisChunk)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	go func() {
		defer close(jobs)
		for _, l := range laws {
			for i := 0; i < len(l.Articles); i += analysisChunk {
				n := min(analysisChunk, len(l.Articles)-i)
				select {
				case jobs <- job{l, i, n}:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	var wg sync.WaitGroup
	var mapErr error
	var mapErrOnce sync.Once
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out := make([]*document.Document, 0, j.n)
				for i := j.first; i < j.first+j.n; i++ {
					d, err := analysedDoc(m, j.law, i)
					if err != nil {
						mapErrOnce.Do(func() { mapErr = err; cancel() })
						return
					}
					out = append(out, d)
				}
				select {
				case docs <- out:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(docs) }()

	done := 0
	var idxErr error
	for chunk := range docs {
		if idxErr != nil {
			continue // drain so the workers can exit
		}
		for _, d := range chunk {
			if err := b.Index(d.ID(), preAnalysed{d}); err != nil {
				idxErr = fmt.Errorf("index %s: %w", d.ID(), err)
				cancel()
				break
			}
		}
		done += len(chunk)
		if progress != nil && idxErr == nil {
			progress(done, total)
		}
	}
	if err := errors.Join(mapErr, idxErr); err != nil {
		return err // the deferred RemoveAll drops the builder's files
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	if done == 0 {
		// bleve's builder cannot finish without a document; an empty
		// corpus gets an empty ordinary index instead.
		os.RemoveAll(dir)
		ei, err := bleve.New(dir, m)
		if err != nil {
			return fmt.Errorf("build index in %s: %w", dir, err)
		}
		if progress != nil {
			progress(0, 0)
		}
		return ei.Close()
	}
	if err := b.Close(); err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	return nil
}

// docID names an article uniquely and stably for one version of one law.
func docID(l *corpus.Law, i int) string { return l.ID + "/" + strconv.Itoa(i+1) }

// articleFields is the document bleve maps for one article.
func articleFields(l *corpus.Law, i int) map[string]interface{} {
	a := &l.Articles[i]
	keys := []string{l.Name}
	if l.ShortName != "" && l.ShortName != l.Name {
		keys = append(keys, l.ShortName)
	}
	f := map[string]interface{}{
		fLawID:  l.ID,
		fLaw:    l.Name,
		fLawKey: keys,
		fShort:  l.ShortName,
		fLevel:  l.Level,
		fStatus: string(l.Status),
		fNumber: float64(a.Number),
		fLabel:  a.Label,
		fText:   a.Text,
	}
	if l.Region != "" {
		f[fRegion] = l.Region
	}
	if !l.Published.IsZero() {
		f[fVersion] = l.Published.Format("2006-01-02")
	}
	if c := a.Chapter(); c != "" {
		f[fChapter] = c
	}
	if a.Sub != 0 {
		f[fSub] = float64(a.Sub)
	}
	return f
}

// analysedDoc maps article i of l and runs its analysis now, in the
// calling worker, wrapping each field so the builder does not analyse it a
// second time.
func analysedDoc(m mapping.IndexMapping, l *corpus.Law, i int) (*document.Document, error) {
	d := document.NewDocument(docID(l, i))
	if err := m.MapDocument(d, articleFields(l, i)); err != nil {
		return nil, fmt.Errorf("map %s: %w", d.ID(), err)
	}
	for k, fld := range d.Fields {
		if fld.Options().IsIndexed() {
			fld.Analyze()
			d.Fields[k] = analysedField{fld}
		}
	}
	return d, nil
}

// analysedField is a field whose analysis already ran in a worker.
type analysedField struct{ document.Field }

func (analysedField) Analyze() {}

// preAnalysed carries a document analysed by a worker through
// bleve.Builder.Index, which insists on mapping the data it is given;
// builderMapping recognises it and hands its fields over unchanged.
type preAnalysed struct{ doc *document.Document }

// builderMapping is the index mapping as the builder sees it: the same
// mapping (and the same JSON, which bleve stores in the index), except that
// mapping a preAnalysed value copies its ready fields.
type builderMapping struct{ *mapping.IndexMappingImpl }

func (m builderMapping) MapDocument(doc *document.Document, data interface{}) error {
	p, ok := data.(preAnalysed)
	if !ok {
		return m.IndexMappingImpl.MapDocument(doc, data)
	}
	doc.Fields = p.doc.Fields
	doc.CompositeFields = p.doc.CompositeFields
	doc.SetIndexed()
	return nil
}

func (m builderMapping) MarshalJSON() ([]byte, error) { return json.Marshal(m.IndexMappingImpl) }
