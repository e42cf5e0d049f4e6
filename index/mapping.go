package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Field names in the index. Short, because bleve writes them into every
// segment's field index and stored-field sections.
const (
	fLawID   = "law_id"  // keyword, indexed + stored: 立法法@2023-03-13
	fLaw     = "law"     // full name, stored only
	fLawKey  = "law_key" // keyword, indexed only: full and short name, for the --law filter
	fShort   = "short"   // stored only
	fLevel   = "level"   // keyword, indexed + stored
	fRegion  = "region"  // keyword, indexed + stored ("" for national)
	fStatus  = "status"  // keyword, indexed + stored
	fVersion = "version" // stored only: 2006-01-02
	fChapter = "chapter" // stored only: innermost heading
	fNumber  = "number"  // numeric, stored only
	fSub     = "sub"     // numeric, stored only (1 for 第二十条之一)
	fLabel   = "label"   // stored only: 第二十条之一
	fText    = "text"    // analysed + stored: the article
	docType  = "article"
)

// Scoring model for the whole index; bm25 ranks short articles that match
// a clause above long ones that mention the same words in passing.
const scoringModel = bindex.BM25Scoring

// NewMapping returns the lean mapping every law index uses. Nothing goes
// into _all, no term vectors are kept (highlighting re-analyses the stored
// text of the few hits it shows), no doc values (nothing is sorted or
// faceted on), and fields that are only displayed are stored, not indexed.
// The mapping names analyzers only by their registered names, never a path,
// because bleve saves it inside the index.
func NewMapping() *mapping.IndexMappingImpl {
	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = AnalyzerName
		f.Store = store
		f.Index = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(index, store bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Index = index
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	num := func() *mapping.FieldMapping {
		f := mapping.NewNumericFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fLawID, kw(true, true))
	doc.AddFieldMappingsAt(fLaw, kw(false, true))
	doc.AddFieldMappingsAt(fLawKey, kw(true, false))
	doc.AddFieldMappingsAt(fShort, kw(false, true))
	doc.AddFieldMappingsAt(fLevel, kw(true, true))
	doc.AddFieldMappingsAt(fRegion, kw(true, true))
	doc.AddFieldMappingsAt(fStatus, kw(true, true))
	doc.AddFieldMappingsAt(fVersion, kw(false, true))
	doc.AddFieldMappingsAt(fChapter, kw(false, true))
	doc.AddFieldMappingsAt(fNumber, num())
	doc.AddFieldMappingsAt(fSub, num())
	doc.AddFieldMappingsAt(fLabel, kw(false, true))
	doc.AddFieldMappingsAt(fText, text(true))
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
