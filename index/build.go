package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
	segapi "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"

	"lawreview/corpus"
)

// Builder tuning. Each worker turns a run of up to segmentDocs articles
// into a zap segment on its own, analysis included, and the segments are
// merged once at the end. bleve's offline builder builds its segments one
// after the other under a lock, which left one core idle for a third of
// the build.
//
// Small segments build faster than large ones (zap's in-memory maps and
// the garbage they leave grow faster than the segment) and the one merge
// of many costs little more than of few: on the whole collection 2,048
// articles a segment built in 8.2 s where 8,192 took 11 s
// (docs/index-benchmarks.md).
const (
	segmentDocs    = 2048
	minSegmentDocs = 1024
	progressEvery  = 256 // articles between progress reports of a worker
	buildGCPercent = 200 // GOGC while the workers build segments
)

// segPlugin writes the segments; the index is declared to bleve with the
// same type and version (see finish), so bleve opens what was written.
var segPlugin = &zap.ZapPlugin{}

// Build writes a new index of the laws' articles into dir, which must not
// exist yet or be empty. progress, if not nil, is called with the number of
// articles indexed so far and the total, from one goroutine, at most once
// per few hundred articles and once at the end.
func Build(dir string, laws []*corpus.Law, progress func(done, total int)) error {
	return BuildContext(context.Background(), dir, laws, progress)
}

// artRef names one article to index.
type artRef struct {
	law *corpus.Law
	i   int
}

// BuildContext is Build with cancellation: a cancelled build removes dir.
func BuildContext(ctx context.Context, dir string, laws []*corpus.Law, progress func(done, total int)) (err error) {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("build index in %s: directory is not empty", dir)
	}
	// Load the analyzer (and jieba) before any work starts, so a broken
	// dictionary fails here with its own error.
	full, err := Analyzer()
	if err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	an, err := newIndexAnalyzer(full)
	if err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	var refs []artRef
	for _, l := range laws {
		for i := range l.Articles {
			refs = append(refs, artRef{l, i})
		}
	}
	total := len(refs)
	if total == 0 {
		// A segment needs a document; an empty corpus gets an empty
		// ordinary index instead.
		ei, err := bleve.New(dir, NewMapping())
		if err != nil {
			return fmt.Errorf("build index in %s: %w", dir, err)
		}
		if err := ei.Close(); err != nil {
			return fmt.Errorf("build index in %s: %w", dir, err)
		}
		if err := writeLawTable(dir, laws); err != nil {
			return err
		}
		if progress != nil {
			progress(0, 0)
		}
		return nil
	}

	tmp, err := os.MkdirTemp("", "lawreview-index-build-")
	if err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp)

	restoreGC := raiseGC()
	defer restoreGC()
	workers := runtime.GOMAXPROCS(0)
	runs := splitRuns(refs, workers)
	nseg := len(runs)
	paths := make([]string, nseg)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan int, nseg)
	for b := 0; b < nseg; b++ {
		batches <- b
	}
	close(batches)
	done := make(chan int, 4*workers)
	var wg sync.WaitGroup
	var werr error
	var werrOnce sync.Once
	fail := func(err error) { werrOnce.Do(func() { werr = err; cancel() }) }
	for w := 0; w < workers; w++ {
		wg.Add(1)
		db := newDocBuilder(an.fork())
		go func() {
			defer wg.Done()
			for b := range batches {
				if ctx.Err() != nil {
					return
				}
				part := runs[b]
				docs := make([]bindex.Document, 0, len(part))
				for k := 0; k < len(part); k += progressEvery {
					chunk := part[k:min(k+progressEvery, len(part))]
					docs = db.articleDocs(docs, chunk)
					if ctx.Err() != nil {
						return
					}
					done <- len(chunk)
				}
				p := filepath.Join(tmp, fmt.Sprintf("%06d.zap", b))
				if err := writeSegment(docs, p); err != nil {
					fail(fmt.Errorf("build index in %s: %w", dir, err))
					return
				}
				paths[b] = p
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	n := 0
	for k := range done {
		n += k
		if progress != nil && ctx.Err() == nil {
			progress(n, total)
		}
	}
	if werr != nil {
		return werr
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	restoreGC()
	if err := finish(dir, paths); err != nil {
		return fmt.Errorf("build index in %s: %w", dir, err)
	}
	return writeLawTable(dir, laws)
}

// The live heap while segments are built is small (50–70 MB on the whole
// collection) and the garbage plentiful, so at the default GOGC the
// collector ran a hundred times, 7 % of an import's CPU with the
// preemptions it causes. The workers' phase runs with twice the headroom
// (an import's CPU −1.5 s, its peak RSS 0.6–0.7 GB → 0.75–0.95 GB; 400
// saved little more and took 1.1 GB); the merge, whose live heap is
// larger, at the process's own setting. GOGC is the process's: builds
// running at once (tests) raise it once and the last one out restores it.
var gcRaise struct {
	sync.Mutex
	builds int
	saved  int
}

// raiseGC sets GOGC to buildGCPercent unless it is off or higher already,
// and returns the function that undoes it (once).
func raiseGC() (restore func()) {
	gcRaise.Lock()
	defer gcRaise.Unlock()
	if gcRaise.builds == 0 {
		gcRaise.saved = debug.SetGCPercent(buildGCPercent)
		if gcRaise.saved < 0 || gcRaise.saved > buildGCPercent {
			debug.SetGCPercent(gcRaise.saved) // GOGC=off or more headroom already
		}
	}
	gcRaise.builds++
	return sync.OnceFunc(func() {
		gcRaise.Lock()
		defer gcRaise.Unlock()
		if gcRaise.builds--; gcRaise.builds == 0 {
			debug.SetGCPercent(gcRaise.saved)
		}
	})
}

// splitRuns cuts refs into runs of consecutive articles, one segment each:
// a multiple of workers of them, each of at most segmentDocs articles
// unless that would make runs of fewer than minSegmentDocs, and of about
// the same amount of text, so the workers finish together.
func splitRuns(refs []artRef, workers int) [][]artRef {
	total := len(refs)
	perWorker := (total + workers*segmentDocs - 1) / (workers * segmentDocs)
	nseg := max(1, min(workers*perWorker, total/minSegmentDocs))
	size := 0
	for _, r := range refs {
		size += len(r.law.Articles[r.i].Text) + 64 // fixed cost per article
	}
	out := make([][]artRef, 0, nseg)
	start, acc := 0, 0
	for k, r := range refs {
		acc += len(r.law.Articles[r.i].Text) + 64
		if len(out) < nseg-1 && acc*nseg >= size*(len(out)+1) {
			out = append(out, refs[start:k+1])
			start = k + 1
		}
	}
	if start < len(refs) {
		out = append(out, refs[start:])
	}
	return out
}

// writeSegment turns analysed documents into a zap file at path.
func writeSegment(docs []bindex.Document, path string) error {
	seg, _, err := segPlugin.New(docs)
	if err != nil {
		return err
	}
	us, ok := seg.(segapi.UnpersistedSegment)
	if !ok {
		return fmt.Errorf("zap segment %T cannot be written", seg)
	}
	return us.Persist(path)
}

// finish makes dir a bleve index holding the documents of the segments at
// paths, in that order. bleve has no call to adopt segments built outside
// it, so its offline builder lays out the index (metadata, the mapping,
// root.bolt naming one segment file) around a one-document placeholder,
// and the merge of the real segments then replaces that file. root.bolt
// records the segment's file name, type and version only, and the type and
// version are forced to segPlugin's.
func finish(dir string, paths []string) error {
	b, err := bleve.NewBuilder(dir, builderMapping{NewMapping()}, map[string]interface{}{
		"forceSegmentType":    segPlugin.Type(),
		"forceSegmentVersion": int(segPlugin.Version()),
	})
	if err != nil {
		return err
	}
	if err := b.Index("placeholder", placeholder{}); err != nil {
		b.Close()
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	final := filepath.Join(dir, "store", fmt.Sprintf("%012x.zap", 2))
	if _, err := os.Stat(final); err != nil {
		return fmt.Errorf("offline builder left no segment to replace: %w", err)
	}
	segs := make([]segapi.Segment, 0, len(paths))
	defer func() {
		for _, s := range segs {
			s.Close()
		}
	}()
	for _, p := range paths {
		s, err := segPlugin.Open(p)
		if err != nil {
			return fmt.Errorf("open segment %s: %w", p, err)
		}
		segs = append(segs, s)
	}
	merged := final + ".merged"
	if _, _, err := segPlugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), merged, nil, nil); err != nil {
		return fmt.Errorf("merge %d segments: %w", len(segs), err)
	}
	return os.Rename(merged, final)
}

// placeholder is the document finish gives the offline builder.
type placeholder struct{}

// builderMapping is the index mapping as the offline builder sees it: the
// same mapping (and the same JSON, which bleve stores in the index), except
// that the placeholder maps to a document with no fields.
type builderMapping struct{ *mapping.IndexMappingImpl }

func (m builderMapping) MapDocument(doc *document.Document, data interface{}) error {
	if _, ok := data.(placeholder); !ok {
		return errors.New("the index builder takes only prepared documents")
	}
	doc.SetIndexed()
	return nil
}

func (m builderMapping) MarshalJSON() ([]byte, error) { return json.Marshal(m.IndexMappingImpl) }

// docID names an article uniquely and stably for one version of one law.
func docID(l *corpus.Law, i int) string { return lawDocID(l.ID, i) }

// lawDocID is docID of article i of the law with id lawID.
func lawDocID(lawID string, i int) string { return lawID + "/" + strconv.Itoa(i+1) }

// splitDocID is the law id and the article's 1-based index of a document
// ID made by docID; ok is false for any other string.
func splitDocID(id string) (lawID string, n int, ok bool) {
	k := strings.LastIndexByte(id, '/')
	if k < 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[k+1:])
	if err != nil {
		return "", 0, false
	}
	return id[:k], n, true
}

// lawIDOf is the law id of a document ID made by docID.
func lawIDOf(id string) string {
	if k := strings.LastIndexByte(id, '/'); k >= 0 {
		return id[:k]
	}
	return id
}

// Field options, as the mapping gives them (TestArticleDocMatchesMapping).
const (
	textOptions = bindex.IndexField
	tagsOptions = bindex.IndexField | bindex.SkipFreqNorm
)

// docBuilder assembles and analyses the documents of one build worker.
type docBuilder struct {
	an *indexAnalyzer
	// The tags field of the last law seen: every article of a law has
	// the same, and a worker takes a law's articles one after the other.
	law   *corpus.Law
	tags  *document.TextField
	recs  []bindex.TokenFreq // see takeRecs
	texts [][]byte           // articleDocs' texts
}

func newDocBuilder(an *indexAnalyzer) *docBuilder { return &docBuilder{an: an} }

// articleDocs assembles and analyses the documents of refs and appends
// them to docs: what mapping them through NewMapping would give, without
// the reflection walk over a map of values, which cost as much as a third
// of the segmentation. The texts are analysed once, by the index form of
// lawreview_zh, and cut by jieba all in one call (indexAnalyzer.cutAll); a
// law's tags once per law, by lawreview_tags, and shared by its articles.
func (b *docBuilder) articleDocs(docs []bindex.Document, refs []artRef) []bindex.Document {
	b.texts = b.texts[:0]
	for _, r := range refs {
		b.texts = append(b.texts, articleValue(r.law, r.i))
	}
	b.an.cutAll(b.texts)
	clear(b.texts)
	for k, r := range refs {
		docs = append(docs, b.articleDoc(r.law, r.i, b.an.stream(k)))
	}
	return docs
}

// articleValue is the text of article i of l as a field's value: the
// corpus's own bytes, not copied, since the analyzer and zap only read it
// (the field is not stored).
func articleValue(l *corpus.Law, i int) []byte {
	a := &l.Articles[i]
	return unsafe.Slice(unsafe.StringData(a.Text), len(a.Text))
}

// articleDoc is the document of article i of l, whose text's tokens are
// toks.
func (b *docBuilder) articleDoc(l *corpus.Law, i int, toks analysis.TokenStream) *document.Document {
	d := document.NewDocument(docID(l, i))
	text := b.analyseText(document.NewTextFieldCustom(fText, nil, articleValue(l, i), textOptions, b.an), toks)
	if b.law != l {
		b.law = l
		b.tags = document.NewTextFieldCustom(fTags, nil, []byte(lawTags(l)), tagsOptions, tagsAnalyzer{})
		b.tags.Analyze()
	}
	d.AddField(text)
	d.AddField(&analysedField{TextField: b.tags, length: b.tags.AnalyzedLength(), freqs: b.tags.AnalyzedTokenFrequencies()})
	// the ID stored, not indexed (docids.go)
	d.AddIDField()
	id := d.Fields[len(d.Fields)-1].(*document.TextField)
	d.Fields[len(d.Fields)-1] = &analysedField{TextField: id, freqs: noTerms}
	d.SetIndexed()
	return d
}

// analysedField is a text field whose analysis is done: bleve's
// TextField with its length and term frequencies given. zap only reads a
// field's frequencies, so one law's articles can share their tags'.
type analysedField struct {
	*document.TextField
	length int
	freqs  bindex.TokenFrequencies
}

func (f *analysedField) Analyze()                                          {}
func (f *analysedField) AnalyzedLength() int                               { return f.length }
func (f *analysedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }

// analyseText makes f's analysis from toks, its text's tokens by b's
// analyzer, as f.Analyze would, but keeps the term frequencies in one array and keys the map with the terms' own
// bytes: bleve allocates a record and a key string per distinct term of
// every article, a third of all the objects a build allocated. The terms
// are slices of the field's value, or copies the analyzer made, and
// nothing writes to either once analysed, so the keys stay as they were
// made. The stored value is not copied first, as TextField.Analyze does
// for analyzers that may lower-case in place: the analyzer never writes
// to its input.
func (b *docBuilder) analyseText(f *document.TextField, toks analysis.TokenStream) *analysedField {
	// Two terms in three of an article are distinct (0.65 over 4,096
	// national articles): a map sized for half its terms grew, rehashing
	// every term, in nine articles of ten.
	freqs := make(bindex.TokenFrequencies, len(toks)*3/4+1)
	recs := b.takeRecs(len(toks))
	for _, t := range toks {
		if tf, ok := freqs[string(t.Term)]; ok {
			tf.SetFrequency(tf.Frequency() + 1)
			continue
		}
		recs = append(recs, bindex.TokenFreq{Term: t.Term})
		tf := &recs[len(recs)-1]
		tf.SetFrequency(1)
		freqs[unsafe.String(unsafe.SliceData(t.Term), len(t.Term))] = tf
	}
	b.recs = b.recs[:len(b.recs)+len(recs)]
	return &analysedField{TextField: f, length: len(toks), freqs: freqs}
}

// recsChunk is how many term records docBuilder allocates at a time.
const recsChunk = 8192

// takeRecs returns an empty slice with room for n term records, the free
// end of the builder's current chunk: an article's records were an array
// of one per term, a third of it never used (a term in three repeats),
// and 19 % of the bytes a build allocated. The caller marks what it used
// by extending b.recs. A chunk lives while any article of it does, which
// is until the segment holding them is written.
func (b *docBuilder) takeRecs(n int) []bindex.TokenFreq {
	if cap(b.recs)-len(b.recs) < n {
		b.recs = make([]bindex.TokenFreq, 0, max(recsChunk, n))
	}
	k := len(b.recs)
	return b.recs[k:k:cap(b.recs)]
}

// lawTags is the fTags value of every article of l.
func lawTags(l *corpus.Law) string {
	var b strings.Builder
	b.WriteString(tagLaw + l.ID + "\n")
	b.WriteString(tagStatus + string(l.Status) + "\n")
	if l.Level != "" {
		b.WriteString(tagLevel + l.Level + "\n")
	}
	if l.Region != "" {
		b.WriteString(tagRegion + l.Region + "\n")
	}
	return b.String()
}

// packArt joins the small per-article fields into one string, as a
// candidate carries them (once a stored field: one cost bleve a header per
// document, four cost four; since format 4 made from the corpus article).
func packArt(label string, number, sub int, chapter string) string {
	return string(appendArt(nil, label, number, sub, chapter))
}

// appendArt appends packArt's string to b.
func appendArt(b []byte, label string, number, sub int, chapter string) []byte {
	b = append(append(b, label...), 0x1f)
	b = append(strconv.AppendInt(b, int64(number), 10), 0x1f)
	b = append(strconv.AppendInt(b, int64(sub), 10), 0x1f)
	return append(b, chapter...)
}

// unpackArt reverses packArt.
func unpackArt(s string) (label string, number, sub int, chapter string) {
	parts := strings.SplitN(s, "\x1f", 4)
	for len(parts) < 4 {
		parts = append(parts, "")
	}
	number, _ = strconv.Atoi(parts[1])
	sub, _ = strconv.Atoi(parts[2])
	return parts[0], number, sub, parts[3]
}

// tagsAnalyzer cuts the tags value into lines, as lawreview_tags does.
type tagsAnalyzer struct{}

func (tagsAnalyzer) Analyze(b []byte) analysis.TokenStream { return linesTokenizer{}.Tokenize(b) }
