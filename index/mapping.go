package index

import (
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Field names in the index. Short, because bleve writes them into every
// segment's field index and stored-field sections.
//
// An article document holds only what is searched: the text and the tags
// it is filtered on. What a law's articles share (name, short name, level,
// region, status, version) is kept once per law version beside the index
// (see lawTable), not once per article: repeated in 147,000 articles it
// was a fifth of the index. What each article shows (its text, label,
// number, sub-number, chapter) is the corpus's, which every reader holds
// (texts.go): nothing is stored but bleve's own _id.
const (
	fText = "text" // analysed, not stored: the article (its text is read from the corpus, texts.go)
	fTags = "tags" // indexed only, no norms: id:<law id>, s:<status>, l:<level>, r:<region>
	// The document ID is <law id>/<article index>: it names the law and
	// the corpus article, so neither needs a stored field of its own.
	docType = "article"
)

// Tag prefixes of fTags.
const (
	tagLaw    = "id:"
	tagStatus = "s:"
	tagLevel  = "l:"
	tagRegion = "r:"
)

// Scoring model for the whole index; bm25 ranks short articles that match
// a clause above long ones that mention the same words in passing.
const scoringModel = bindex.BM25Scoring

// NewMapping returns the lean mapping every law index uses. Nothing goes
// into _all, no term vectors are kept (highlighting re-analyses the text
// of the few hits it shows), no doc values (nothing is sorted or faceted
// on), and nothing is stored: what a hit shows is the corpus's.
// The mapping names analyzers only by their registered names, never a path,
// because bleve saves it inside the index.
//
// Build does not run documents through this mapping (it assembles the
// fields itself, see articleDoc); the mapping describes those fields for
// bleve and for anyone opening the index, and a test checks both agree.
func NewMapping() *mapping.IndexMappingImpl {
	text := mapping.NewTextFieldMapping()
	text.Analyzer = AnalyzerName
	// The text is the corpus's, which every reader holds: stored, it was
	// half the index and its reads a fifth of a clause search's CPU.
	text.Store = false
	text.Index = true
	text.IncludeTermVectors = false
	text.IncludeInAll = false
	text.DocValues = false

	tags := mapping.NewTextFieldMapping()
	tags.Analyzer = TagsAnalyzerName
	tags.Index = true
	tags.Store = false
	tags.IncludeTermVectors = false
	tags.IncludeInAll = false
	tags.DocValues = false
	// Tags only filter: a frequency or length norm would never be read.
	tags.SkipFreqNorm = true

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fText, text)
	doc.AddFieldMappingsAt(fTags, tags)
	// Without this bleve adds an _all composite field to every document.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())

	m := mapping.NewIndexMapping()
	m.DefaultMapping = doc
	m.AddDocumentMapping(docType, doc)
	m.DefaultType = docType
	m.DefaultAnalyzer = AnalyzerName
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.ScoringModel = scoringModel
	return m
}
