package workflow

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	"lawreview/corpus"
	"lawreview/corpus/extract"
	"lawreview/index"
	"lawreview/review"
	"lawreview/review/opinion"
)

// The workflow depends on the review engine, the law corpus, the search
// index and the opinion renderer only through these narrow interfaces;
// cmd/lawreview wires the real implementations (the adapters below).

// Engine reviews extracted text.
type Engine interface {
	// DetectType guesses the document type (村规民约, 规范性文件, ...).
	DetectType(title, text string) string
	// LikelyType is, for a document DetectType leaves 其他, the type its
	// wording points to ("" when none): a guess shown to the clerk.
	LikelyType(title, text string) string
	// Review returns the findings for text; Report.Text is the text every
	// finding offset indexes (in runes).
	Review(ctx context.Context, in ReviewInput) (*review.Report, error)
	// RuleNames are the rules that report findings, as users know them
	// (titles), for pages that list or name rules.
	RuleNames() []review.RuleName
	// GraveFinding reports whether a finding concerns a rule marked grave
	// (review.Engine.GraveFinding), by the rules as they are now: findings
	// stored before a rule was marked carry no Grave flag.
	GraveFinding(f *review.Finding) bool
}

// ReviewInput is one document to review. Type "" or "auto" means detect.
type ReviewInput struct {
	File, Title, Text, Type string
	// Province of the office reviewing: its local regulations may be among
	// the related articles. "" = national law only.
	Province string
	// Paragraphs of an uploaded file as extracted (nil for pasted text):
	// the engine reads a table row as one sentence.
	Paragraphs []extract.Paragraph
	// Precedents finds the unlawful precedents a sentence no rule flags
	// repeats: the reviewing office's (PrecedentFinders.For). nil: none.
	Precedents review.PrecedentFinder
}

// Laws looks up articles for the basis links on the review page.
// *corpus.Corpus satisfies it.
type Laws interface {
	Article(name, article string, at time.Time) (*corpus.Law, *corpus.Article, error)
	Versions(name string) ([]*corpus.Law, error)
}

// Searcher is full-text search over the laws.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) (*SearchResult, error)
}

// SearchQuery is what GET /api/v1/search accepts.
type SearchQuery struct {
	Text        string   `json:"q"`
	Law         string   `json:"law,omitempty"`
	AllVersions bool     `json:"all_versions,omitempty"`
	Level       string   `json:"level,omitempty"`  // 法律, 行政法规, ...
	Levels      []string `json:"levels,omitempty"` // any of these levels
	Status      string   `json:"status,omitempty"` // current, superseded, repealed
	// Local regulations: those of Province (the office's), of every
	// province with AllRegions, none when both are empty.
	Province   string `json:"province,omitempty"`
	AllRegions bool   `json:"all_regions,omitempty"`
	From       int    `json:"from"`
	Size       int    `json:"size"`
}

// SearchResult is one page of hits.
type SearchResult struct {
	Total int         `json:"total"`
	Hits  []SearchHit `json:"hits"`
	// Province is the province whose local regulations were searched
	// ("全部" for every one, "" for none); Notice says in Chinese how the
	// query was answered when that is not plain (no local regulations, a
	// repealed law's successor article); Lookup is set when the query
	// named one article and was answered with it.
	Province string `json:"province"`
	Notice   string `json:"notice,omitempty"`
	Lookup   bool   `json:"lookup,omitempty"`
	// Snapshot is the date of the newest text in the law index: later
	// amendments are not in it.
	Snapshot string `json:"snapshot,omitempty"`
}

// Provincer is a Searcher that knows which provinces' local regulations
// it holds (offered in the search and admin forms).
type Provincer interface {
	Provinces() []string
}

// SearchHit is one article found.
type SearchHit struct {
	Law     string        `json:"law"`
	Article string        `json:"article"`
	Chapter string        `json:"chapter,omitempty"`
	Level   string        `json:"level,omitempty"`
	Status  corpus.Status `json:"status,omitempty"`
	Version string        `json:"version,omitempty"` // version date
	Text    string        `json:"text"`
	Score   float64       `json:"score"`
	Snippet []string      `json:"snippet,omitempty"`
}

// OpinionRenderer writes a signed opinion as a downloadable file (the
// review/opinion package renders .docx).
type OpinionRenderer interface {
	// Ext is the file extension without dot, e.g. "docx"; ContentType its MIME type.
	Ext() string
	ContentType() string
	Render(w io.Writer, op *Opinion) error
}

// OpinionPrinter is an OpinionRenderer that also prints: the print view
// (the same layout as the file) and the PDF, made in the background.
// PDFAvailable is asked on every page view, so it must be cheap.
type OpinionPrinter interface {
	HTML(op *Opinion) ([]byte, error)
	PDFAvailable() bool
	// StartPDF returns the job making the opinion's PDF: one already made
	// or running for the same opinion, or one just started.
	StartPDF(op *Opinion) (PDFJob, error)
}

// PDFJob is a PDF being made (*opinion.Job).
type PDFJob interface {
	State() opinion.JobState
	Done() <-chan struct{}
	Result() ([]byte, error)
}

// Opinion is everything a signed opinion shows.
type Opinion struct {
	Number        string // 文号 as printed (opinion.DocNumber), e.g. 城关司法所〔2026〕3号
	DocumentTitle string
	DocumentType  string
	Received      time.Time // when the reviewed version was uploaded
	Township      string
	Office        string
	MeetingDate   time.Time
	Version       int
	FileName      string
	FileSHA256    string
	Conclusion    string
	Opinion       string
	Reviewer      string
	SignedAt      time.Time
	Revision      int
	Findings      []review.Finding // accepted findings, with reviewers' wording
	Checklist     []review.ChecklistItem
	// Letterhead is the office's 版头 as it was at sign-off; OmitAnnex
	// leaves out the annex of article texts (the reviewer's choice).
	Letterhead opinion.Letterhead
	OmitAnnex  bool
}

// NewEngine adapts the review engine to Engine.
func NewEngine(e *review.Engine) Engine { return reviewEngine{e} }

type reviewEngine struct{ e *review.Engine }

func (r reviewEngine) DetectType(title, text string) string { return review.DetectType(title, text) }
func (r reviewEngine) LikelyType(title, text string) string { return review.LikelyType(title, text) }
func (r reviewEngine) RuleNames() []review.RuleName {
	return append(r.e.RuleNames(), review.RuleName{ID: review.RulePrecedent, Title: r.e.RuleTitle(review.RulePrecedent), Item: "内容合法性"})
}

func (r reviewEngine) Review(ctx context.Context, in ReviewInput) (*review.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opt := review.Options{Type: in.Type, Province: in.Province}
	if in.Precedents != nil {
		opt.Precedents = in.Precedents
	}
	return r.e.Review(review.Input{File: in.File, Title: in.Title, Text: in.Text, Paragraphs: in.Paragraphs}, opt)
}

func (r reviewEngine) GraveFinding(f *review.Finding) bool { return r.e.GraveFinding(f) }

// NewSearcher adapts the law index to Searcher.
func NewSearcher(ix *index.Index) Searcher { return indexSearcher{ix} }

type indexSearcher struct{ ix *index.Index }

func (s indexSearcher) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	res, err := s.ix.Search(ctx, index.Query{Text: q.Text, Law: q.Law, AllVersions: q.AllVersions, Level: q.Level, Levels: q.Levels,
		Province: q.Province, AllRegions: q.AllRegions, Status: q.Status, From: q.From, Size: q.Size})
	if err != nil {
		var ie *index.InputError
		if errors.As(err, &ie) {
			return nil, &Error{Kind: Invalid, Msg: ie.Msg, Err: err}
		}
		return nil, err
	}
	out := &SearchResult{Total: int(res.Total), Hits: []SearchHit{}, Province: res.Scope, Notice: res.Notice,
		Lookup: res.Lookup, Snapshot: res.Snapshot}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, SearchHit{Law: h.Law, Article: h.Article, Chapter: h.Chapter, Level: h.Level, Status: corpus.Status(h.Status),
			Version: h.Version, Text: h.Text, Score: h.Score, Snippet: h.Fragments})
	}
	return out, nil
}

func (s indexSearcher) Provinces() []string { return s.ix.Regions() }

// DocxOpinion renders the signed opinion through review/opinion: .docx,
// the print view, and PDF where Chromium or LibreOffice is installed,
// printed by Printer (nil: the process's shared one).
type DocxOpinion struct {
	Printer *opinion.Printer
}

func (DocxOpinion) Ext() string         { return "docx" }
func (DocxOpinion) ContentType() string { return DocxContentType }

func (DocxOpinion) Render(w io.Writer, op *Opinion) error {
	o, err := toOpinion(op)
	if err != nil {
		return err
	}
	b, err := o.DOCX()
	if err != nil {
		return err
	}
	_, err = io.Copy(w, bytes.NewReader(b))
	return err
}

// HTML is the print view, laid out like the .docx.
func (DocxOpinion) HTML(op *Opinion) ([]byte, error) {
	o, err := toOpinion(op)
	if err != nil {
		return nil, err
	}
	return o.HTML()
}

// PDFAvailable reports whether this machine has a renderer for PDF.
func (DocxOpinion) PDFAvailable() bool {
	c, s := opinion.Available()
	return c || s
}

// StartPDF starts printing the opinion (Chromium, else LibreOffice) in
// the background; a machine with neither gets errNoPDF.
func (d DocxOpinion) StartPDF(op *Opinion) (PDFJob, error) {
	o, err := toOpinion(op)
	if err != nil {
		return nil, err
	}
	p := d.Printer
	if p == nil {
		p = opinion.SharedPrinter()
	}
	j, err := p.Start(o)
	if errors.Is(err, opinion.ErrPDFUnavailable) {
		return nil, &Error{Kind: errNoPDF.Kind, Msg: errNoPDF.Msg, Err: err}
	}
	if err != nil {
		return nil, err
	}
	return j, nil
}

func toOpinion(op *Opinion) (*opinion.Opinion, error) {
	o := &opinion.Opinion{
		Number:      op.Number,
		Office:      op.Office,
		Submitter:   op.Township,
		DocTitle:    op.DocumentTitle,
		Received:    op.Received,
		DocType:     op.DocumentType,
		Items:       opinion.ItemsFromChecklist(op.Checklist),
		Conclusion:  op.Conclusion,
		OpinionText: op.Opinion,
		Reviewer:    op.Reviewer,
		Signed:      op.SignedAt,
		Letterhead:  op.Letterhead,
		OmitAnnex:   op.OmitAnnex,
	}
	for _, f := range op.Findings {
		o.Findings = append(o.Findings, opinion.FromFinding(f))
	}
	if err := o.Validate(); err != nil {
		var ie *opinion.InputError
		if errors.As(err, &ie) {
			return nil, &Error{Kind: Unprocessable, Msg: ie.Msg, Err: err}
		}
		return nil, err
	}
	return o, nil
}
