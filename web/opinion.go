package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/review"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// The signed opinion and the files a signed round hands out: the print
// view (review/opinion's HTML, the same layout as the .docx and the PDF),
// the .docx, the PDF (made in the background from sign-off on: while it
// is being made the page and the API say so and poll), the 批注稿 and the
// 修改建议稿. Each is offered per document (its latest review, as signed
// now) and per review and round (?revision=), so that the files of every
// version and every round stay downloadable.

// roundRef reads which round a route names: /documents/:id/... is the
// document's latest review, /reviews/:id/... that review; ?revision=
// picks an earlier round of the review.
func roundRef(c *gin.Context) (workflow.RoundRef, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		return workflow.RoundRef{}, false
	}
	var ref workflow.RoundRef
	if p := c.FullPath(); strings.HasPrefix(p, "/reviews/") || strings.HasPrefix(p, "/api/v1/reviews/") {
		ref.ReviewID = id
	} else {
		ref.DocumentID = id
	}
	if r := c.Query("revision"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n > 1000 {
			return ref, false
		}
		ref.Revision = n
	}
	return ref, true
}

// roundURL is the path of a round's route: base is "opinion",
// "opinion/file", "opinion/pdf", "annotated" or "suggested".
func roundURL(reviewID int64, revision int, base string) string {
	return fmt.Sprintf("/reviews/%d/%s?revision=%d", reviewID, base, revision)
}

// printCSP lets the print view keep its own inline styles (review/opinion
// writes one page with its CSS in it, as the PDF renderer reads it) and
// nothing else: no script but the site's own, no frames, no forms.
const printCSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// toolbar goes at the top of the print view on screen only: back to the
// record, print, the downloads.
func toolbar(back string, rd *workflow.Round, pdf bool) string {
	id, rev := rd.Review.ID, rd.Signoff.Revision
	links := [][2]string{{roundURL(id, rev, "opinion/file"), "下载 Word 版"}}
	if pdf {
		links = append(links, [2]string{roundURL(id, rev, "opinion/pdf"), "下载 PDF 版"})
	}
	return printToolbar(back, rd.Number(), links)
}

// printToolbar is the toolbar with its downloads given: the register's
// print view offers only what a bureau may download.
func printToolbar(back, number string, downloads [][2]string) string {
	link := func(href, text string) string {
		return `<a href="` + html.EscapeString(href) + `">` + html.EscapeString(text) + `</a>`
	}
	t := `<style>@media print{.lr-toolbar{display:none}}.lr-toolbar{position:fixed;top:0;left:0;right:0;z-index:9;display:flex;gap:1.2em;align-items:center;` +
		`padding:6px 16px;background:#f4f4f4;border-bottom:1px solid #ccc;font:14px/1.6 sans-serif;letter-spacing:0;text-indent:0}` +
		`.lr-toolbar a,.lr-toolbar button{color:#14477a;font:inherit;background:none;border:0;padding:0;cursor:pointer;text-decoration:underline}</style>` +
		`<nav class="lr-toolbar" id="opinion-toolbar">` + link(back, "← 返回") + `<button type="button" data-print>打印</button>`
	for _, d := range downloads {
		t += link(d[0], d[1])
	}
	return t + `<span>文号：` + html.EscapeString(number) + `</span></nav><script src="/static/app.js" defer></script>`
}

// sendPrintView answers with a kept print view and its toolbar.
func sendPrintView(c *gin.Context, page []byte, bar string) {
	if i := bytes.Index(page, []byte("<body>")); i >= 0 {
		i += len("<body>")
		page = append(page[:i:i], append([]byte(bar), page[i:]...)...)
	}
	c.Header("Content-Security-Policy", printCSP)
	c.Header("X-Frame-Options", "DENY")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, workflow.HTMLContentType, page)
}

// opinionPage serves the print view: review/opinion's page as kept at
// sign-off, with a toolbar on screen.
func (s *Server) opinionPage(c *gin.Context) {
	ref, ok := roundRef(c)
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	page, rd, err := s.flow.OpinionView(c.Request.Context(), currentUser(c), ref)
	if err != nil {
		s.fail(c, err)
		return
	}
	back := fmt.Sprintf("/documents/%d", rd.Document.ID)
	if ref.ReviewID != 0 {
		back = fmt.Sprintf("/reviews/%d", ref.ReviewID)
	}
	sendPrintView(c, page, toolbar(back, rd, s.flow.PDFAvailable()))
}

func (s *Server) signedFile(c *gin.Context, k storage.OutputKind) {
	ref, ok := roundRef(c)
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	f, err := s.flow.SignedFile(c.Request.Context(), currentUser(c), ref, k)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f)
}

func (s *Server) opinionFile(c *gin.Context)   { s.signedFile(c, storage.OutputOpinionDocx) }
func (s *Server) annotatedFile(c *gin.Context) { s.signedFile(c, storage.OutputAnnotated) }
func (s *Server) suggestedFile(c *gin.Context) { s.signedFile(c, storage.OutputSuggested) }

// PDFStateJSON says where a PDF is while it is being made.
type PDFStateJSON struct {
	State      string `json:"state"`       // running, done, failed
	StateLabel string `json:"state_label"` // 正在生成, 已生成, 生成失败
	Ready      bool   `json:"ready"`
	Message    string `json:"message,omitempty"`
	URL        string `json:"url"`                   // the PDF's download, when ready
	RetryAfter int    `json:"retry_after,omitempty"` // seconds before asking again
	Started    string `json:"started,omitempty"`
}

const pdfRunningMsg = "审查意见书 PDF 正在生成，请稍候；生成后即可下载"

func pdfState(st *workflow.PDFStatus, url string) PDFStateJSON {
	out := PDFStateJSON{State: string(st.State), StateLabel: st.State.Label(), URL: url, Message: st.Msg}
	if !st.Started.IsZero() {
		out.Started = st.Started.Format(time.RFC3339)
	}
	if st.Msg == "" && st.State == "running" {
		out.Message, out.RetryAfter = pdfRunningMsg, 2
	}
	return out
}

// opinionPDF answers with the PDF when it is made. While it is being made
// a page says so with the state's label and waits for it (app.js polls
// the state and downloads it when it is done); the API answers 202 with
// the state (?wait=N waits up to N seconds first). A failure answers 503
// with the reason, and ?retry=1 starts again.
func (s *Server) opinionPDF(c *gin.Context) {
	ref, ok := roundRef(c)
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	retry := c.Query("retry") == "1"
	wait := 0
	if isAPI(c) && c.Query("wait") != "" {
		n, err := workflow.IntParam("wait", c.Query("wait"), 0, 60, 0)
		if err != nil {
			s.fail(c, err)
			return
		}
		wait = n
	}
	ctx := c.Request.Context()
	deadline := time.Now().Add(time.Duration(wait) * time.Second)
	for {
		f, st, err := s.flow.OpinionPDF(ctx, currentUser(c), ref, retry)
		retry = false
		if err != nil {
			s.fail(c, err)
			return
		}
		if f != nil {
			sendFile(c, f)
			return
		}
		if st.State == "running" && time.Now().Before(deadline) {
			if !sleep(ctx, 250*time.Millisecond) {
				return
			}
			continue
		}
		s.pdfPending(c, ref, st)
		return
	}
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// pdfPending answers a PDF request while the PDF is not there.
func (s *Server) pdfPending(c *gin.Context, ref workflow.RoundRef, st *workflow.PDFStatus) {
	status := http.StatusAccepted
	if st.State == "failed" {
		status = http.StatusServiceUnavailable
	}
	q := c.Request.URL.Query()
	q.Del("retry")
	q.Del("wait")
	self := c.Request.URL.Path
	if len(q) > 0 {
		self += "?" + q.Encode()
	}
	q.Set("retry", "1")
	retry := c.Request.URL.Path + "?" + q.Encode()
	js := pdfState(st, self)
	if isAPI(c) {
		if js.RetryAfter > 0 {
			c.Header("Retry-After", strconv.Itoa(js.RetryAfter))
		}
		c.JSON(status, js)
		return
	}
	rd, err := s.flow.Round(c.Request.Context(), currentUser(c), ref)
	if err != nil {
		s.fail(c, err)
		return
	}
	poll := fmt.Sprintf("/api/v1/reviews/%d/opinion/pdf?revision=%d", rd.Review.ID, rd.Signoff.Revision)
	s.render(c, status, "pdfwait", gin.H{"Title": "审查意见书（PDF）", "Doc": rd.Document, "Round": rd, "State": js, "Poll": poll,
		"Self": self, "Retry": retry, "Word": roundURL(rd.Review.ID, rd.Signoff.Revision, "opinion/file")})
}

// apiPDFState is where the PDF of a round is, always as JSON (the wait
// page polls it): 200 with ready and the download's URL when it is made.
func (s *Server) apiPDFState(c *gin.Context) {
	ref, ok := roundRef(c)
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	rd, err := s.flow.Round(c.Request.Context(), currentUser(c), ref)
	if err != nil {
		s.fail(c, err)
		return
	}
	url := roundURL(rd.Review.ID, rd.Signoff.Revision, "opinion/pdf")
	if rd.Kept(storage.OutputOpinionPDF) != nil {
		c.JSON(http.StatusOK, PDFStateJSON{State: "done", StateLabel: "已生成", Ready: true, URL: url})
		return
	}
	st, err := s.flow.PDFState(c.Request.Context(), currentUser(c), workflow.RoundRef{ReviewID: rd.Review.ID, Revision: rd.Signoff.Revision})
	if err != nil {
		s.fail(c, err)
		return
	}
	js := pdfState(st, url)
	js.Ready = st.State == "done"
	c.JSON(http.StatusOK, js)
}

// OpinionJSON is GET /api/v1/documents/{id}/opinion and
// /api/v1/reviews/{id}/opinion. The Go-named fields are the contract as
// it was first served; the snake_case ones, like every other endpoint's,
// were added beside them (the contract only grows).
type OpinionJSON struct {
	Number        string                 `json:"Number"`
	DocumentTitle string                 `json:"DocumentTitle"`
	DocumentType  string                 `json:"DocumentType"`
	Received      time.Time              `json:"Received"`
	Township      string                 `json:"Township"`
	Office        string                 `json:"Office"`
	MeetingDate   time.Time              `json:"MeetingDate"`
	Version       int                    `json:"Version"`
	FileName      string                 `json:"FileName"`
	FileSHA256    string                 `json:"FileSHA256"`
	Conclusion    string                 `json:"Conclusion"`
	Opinion       string                 `json:"Opinion"`
	Reviewer      string                 `json:"Reviewer"`
	SignedAt      time.Time              `json:"SignedAt"`
	Revision      int                    `json:"Revision"`
	Findings      []review.Finding       `json:"Findings"`
	Checklist     []review.ChecklistItem `json:"Checklist"`

	NumberSnake        string                 `json:"number"`
	DocumentID         int64                  `json:"document_id"`
	ReviewID           int64                  `json:"review_id"`
	DocumentTitleSnake string                 `json:"document_title"`
	DocumentTypeSnake  string                 `json:"document_type"`
	ReceivedSnake      time.Time              `json:"received"`
	TownshipSnake      string                 `json:"township"`
	OfficeSnake        string                 `json:"office"`
	MeetingDateSnake   *string                `json:"meeting_date"`
	VersionSnake       int                    `json:"version"`
	FileNameSnake      string                 `json:"file_name"`
	FileSHA256Snake    string                 `json:"file_sha256"`
	ConclusionSnake    string                 `json:"conclusion"`
	OpinionSnake       string                 `json:"opinion"`
	ReviewerSnake      string                 `json:"reviewer"`
	SignedAtSnake      time.Time              `json:"signed_at"`
	RevisionSnake      int                    `json:"revision"`
	FindingsSnake      []review.Finding       `json:"findings"`
	ChecklistSnake     []review.ChecklistItem `json:"checklist"`
	LetterheadText     string                 `json:"letterhead_text"` // the 发文机关标志 printed; "" when LetterheadOff
	LetterheadOff      bool                   `json:"letterhead_off"`
	OmitAnnex          bool                   `json:"omit_annex"`
	Files              []SignedFileJSON       `json:"files"`
}

// SignedFileJSON is a file a signed round hands out. SHA256 is empty
// until the file is kept (the PDF while it is being made).
type SignedFileJSON struct {
	Kind   storage.OutputKind `json:"kind"`
	Label  string             `json:"label"`
	URL    string             `json:"url"`
	SHA256 string             `json:"sha256,omitempty"`
	Size   int64              `json:"size,omitempty"`
}

// signedFiles lists the files a round offers, with the sha256 of those
// kept: the opinion (Word, PDF when this machine prints), the 批注稿, the
// 修改建议稿 when there is one.
func (s *Server) signedFiles(rd *workflow.Round) []SignedFileJSON {
	id, rev := rd.Review.ID, rd.Signoff.Revision
	kinds := []struct {
		k    storage.OutputKind
		path string
		show bool
	}{
		{storage.OutputOpinionDocx, "opinion/file", s.flow.Opinion != nil},
		{storage.OutputOpinionPDF, "opinion/pdf", s.flow.PDFAvailable() || rd.Kept(storage.OutputOpinionPDF) != nil},
		{storage.OutputAnnotated, "annotated", true},
		{storage.OutputSuggested, "suggested", rd.HasSuggested()},
	}
	var out []SignedFileJSON
	for _, k := range kinds {
		if !k.show || (!rd.Current && rd.Kept(k.k) == nil) {
			continue
		}
		f := SignedFileJSON{Kind: k.k, Label: k.k.Label(), URL: roundURL(id, rev, k.path)}
		if kept := rd.Kept(k.k); kept != nil {
			f.SHA256, f.Size = kept.SHA256, kept.Size
		}
		out = append(out, f)
	}
	return out
}

func (s *Server) opinionJSON(rd *workflow.Round, op *workflow.Opinion) OpinionJSON {
	out := OpinionJSON{Number: op.Number, DocumentTitle: op.DocumentTitle, DocumentType: op.DocumentType, Received: op.Received, Township: op.Township,
		Office: op.Office, MeetingDate: op.MeetingDate, Version: op.Version, FileName: op.FileName, FileSHA256: op.FileSHA256, Conclusion: op.Conclusion,
		Opinion: op.Opinion, Reviewer: op.Reviewer, SignedAt: op.SignedAt, Revision: op.Revision, Findings: op.Findings, Checklist: op.Checklist,

		NumberSnake: op.Number, DocumentID: rd.Document.ID, ReviewID: rd.Review.ID, DocumentTitleSnake: op.DocumentTitle, DocumentTypeSnake: op.DocumentType,
		ReceivedSnake: op.Received, TownshipSnake: op.Township, OfficeSnake: op.Office, VersionSnake: op.Version, FileNameSnake: op.FileName,
		FileSHA256Snake: op.FileSHA256, ConclusionSnake: op.Conclusion, OpinionSnake: op.Opinion, ReviewerSnake: op.Reviewer, SignedAtSnake: op.SignedAt,
		RevisionSnake: op.Revision, FindingsSnake: op.Findings, ChecklistSnake: op.Checklist, LetterheadOff: op.Letterhead.Off, OmitAnnex: op.OmitAnnex,
		Files: s.signedFiles(rd)}
	if !op.Letterhead.Off {
		out.LetterheadText = op.Letterhead.Text
		if out.LetterheadText == "" {
			out.LetterheadText = op.Office
		}
	}
	if !op.MeetingDate.IsZero() {
		d := op.MeetingDate.Format("2006-01-02")
		out.MeetingDateSnake = &d
	}
	if out.Findings == nil {
		out.Findings, out.FindingsSnake = []review.Finding{}, []review.Finding{}
	}
	return out
}

// apiOpinion is the signed opinion as JSON, or with ?format= the .docx,
// the PDF or the print view.
func (s *Server) apiOpinion(c *gin.Context) {
	switch c.Query("format") {
	case "", "json":
	case "docx":
		s.opinionFile(c)
		return
	case "pdf":
		s.opinionPDF(c)
		return
	case "html":
		s.opinionPage(c)
		return
	default:
		s.fail(c, userErr(http.StatusBadRequest, "format 无效，可选：json（默认）、docx、pdf、html"))
		return
	}
	ref, ok := roundRef(c)
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	op, rd, err := s.flow.SignedOpinion(c.Request.Context(), currentUser(c), ref)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.opinionJSON(rd, op))
}

// sendFile answers with a download. The name goes out per RFC 6266 with
// RFC 5987 encoding (filename*), which every current browser uses, plus an
// ASCII filename for clients that know only that; the sha256 of a kept
// file goes in a header, so that a client can check what it received
// against the record.
func sendFile(c *gin.Context, f *workflow.File) {
	c.Header("Content-Disposition", contentDisposition(f.Name, f.ASCIIName))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "private, no-store")
	if f.SHA256 != "" {
		c.Header("X-Content-SHA256", f.SHA256)
	}
	c.Data(http.StatusOK, f.ContentType, f.Data)
}
