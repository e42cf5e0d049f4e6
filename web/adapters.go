package web

import (
	"bytes"
	"context"
	"errors"
	"io"

	"lawreview/index"
	"lawreview/review"
	"lawreview/review/opinion"
)

// NewEngine adapts the review engine to Engine.
func NewEngine(e *review.Engine) Engine { return reviewEngine{e} }

type reviewEngine struct{ e *review.Engine }

func (r reviewEngine) DetectType(title, text string) string { return review.DetectType(title, text) }

func (r reviewEngine) Review(ctx context.Context, in ReviewInput) (*review.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return r.e.Review(review.Input{File: in.File, Title: in.Title, Text: in.Text, Paragraphs: in.Paragraphs}, review.Options{Type: in.Type, Province: in.Province})
}

// NewSearcher adapts the law index to Searcher.
func NewSearcher(ix *index.Index) Searcher { return indexSearcher{ix} }

type indexSearcher struct{ ix *index.Index }

func (s indexSearcher) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	res, err := s.ix.Search(ctx, index.Query{Text: q.Text, Law: q.Law, AllVersions: q.AllVersions, Level: q.Level, Levels: q.Levels,
		Province: q.Province, AllRegions: q.AllRegions, Status: q.Status, From: q.From, Size: q.Size})
	if err != nil {
		var ie *index.InputError
		if errors.As(err, &ie) {
			return nil, &Error{Status: 400, Msg: ie.Msg, Err: err}
		}
		return nil, err
	}
	out := &SearchResult{Total: int(res.Total), Hits: []SearchHit{}, Province: res.Scope, Notice: res.Notice,
		Lookup: res.Lookup, Snapshot: res.Snapshot}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, SearchHit{Law: h.Law, Article: h.Article, Chapter: h.Chapter, Level: h.Level, Status: h.Status,
			Version: h.Version, Text: h.Text, Score: h.Score, Snippet: h.Fragments})
	}
	return out, nil
}

func (s indexSearcher) Provinces() []string { return s.ix.Regions() }

// DocxOpinion renders the signed opinion as .docx through review/opinion,
// and as PDF where Chromium or LibreOffice is installed (OpinionPrinter).
type DocxOpinion struct{}

func (DocxOpinion) Ext() string { return "docx" }
func (DocxOpinion) ContentType() string {
	return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
}

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

// PDFAvailable reports whether this machine has a renderer for PDF.
func (DocxOpinion) PDFAvailable() bool {
	c, s := opinion.Available()
	return c || s
}

// PDF prints the opinion (Chromium, else LibreOffice); a machine with
// neither gets errNoPDF.
func (DocxOpinion) PDF(ctx context.Context, op *Opinion) ([]byte, error) {
	o, err := toOpinion(op)
	if err != nil {
		return nil, err
	}
	b, err := o.PDF(ctx)
	if errors.Is(err, opinion.ErrPDFUnavailable) {
		return nil, &Error{Status: errNoPDF.Status, Msg: errNoPDF.Msg, Err: err}
	}
	return b, err
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
	}
	for _, f := range op.Findings {
		o.Findings = append(o.Findings, opinion.FromFinding(f))
	}
	if err := o.Validate(); err != nil {
		var ie *opinion.InputError
		if errors.As(err, &ie) {
			return nil, &Error{Status: 422, Msg: ie.Msg, Err: err}
		}
		return nil, err
	}
	return o, nil
}
