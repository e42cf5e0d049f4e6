package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/review/annotate"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

// Documents out: the signed opinion as PDF, the clerk's draft with the
// accepted findings as Word comments (批注稿) and, when the reviewer wrote
// replacement wording, with that wording as tracked changes (修改建议稿).
// Everyone who may read the signed opinion may download them.

// OpinionPrinter is an OpinionRenderer that can also print the opinion as
// PDF. PDFAvailable is asked on every page view, so it must be cheap.
type OpinionPrinter interface {
	PDFAvailable() bool
	PDF(ctx context.Context, op *Opinion) ([]byte, error)
}

// errNoPDF is what users see on a machine without Chromium and LibreOffice.
var errNoPDF = userErr(http.StatusServiceUnavailable, "本机无法生成 PDF，请下载 Word 版本后打印或另存为 PDF")

const (
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	pdfType  = "application/pdf"
)

// printer is the configured PDF renderer, nil when there is none.
func (s *Server) printer() OpinionPrinter {
	p, ok := s.cfg.Opinion.(OpinionPrinter)
	if !ok || !p.PDFAvailable() {
		return nil
	}
	return p
}

// pdfCache keeps generated PDFs keyed by the sha256 of everything the
// opinion prints (including its revision, 文号 and signing time), so a
// reopened and re-signed review can never be served its old PDF, and
// rendering (a browser start, seconds) happens once per signed revision.
// One rendering at a time: the machine is small and shared.
type pdfCache struct {
	render sync.Mutex
	mu     sync.Mutex
	order  []string
	byKey  map[string][]byte
}

const pdfCacheSize = 32

func (c *pdfCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := c.byKey[key]
	return b, ok
}

func (c *pdfCache) put(key string, b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byKey == nil {
		c.byKey = map[string][]byte{}
	}
	if _, ok := c.byKey[key]; ok {
		return
	}
	if len(c.order) >= pdfCacheSize {
		delete(c.byKey, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, key)
	c.byKey[key] = b
}

func opinionKey(op *Opinion) (string, error) {
	b, err := json.Marshal(op)
	if err != nil {
		return "", fmt.Errorf("opinion cache key: %w", err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// opinionPDF returns the PDF of a signed opinion, from the cache when this
// exact opinion was printed before.
func (s *Server) opinionPDF(ctx context.Context, op *Opinion) ([]byte, error) {
	p := s.printer()
	if p == nil {
		return nil, errNoPDF
	}
	key, err := opinionKey(op)
	if err != nil {
		return nil, err
	}
	if b, ok := s.pdfs.get(key); ok {
		return b, nil
	}
	s.pdfs.render.Lock()
	defer s.pdfs.render.Unlock()
	if b, ok := s.pdfs.get(key); ok { // printed while we waited
		return b, nil
	}
	timeout := s.cfg.PDFTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := p.PDF(rctx, op)
	if err != nil {
		if rctx.Err() != nil && ctx.Err() == nil {
			return nil, &Error{Status: http.StatusGatewayTimeout, Msg: "生成 PDF 超时，请稍后重试，或下载 Word 版本后打印", Err: err}
		}
		return nil, fmt.Errorf("print opinion: %w", err)
	}
	if !strings.HasPrefix(string(b[:min(len(b), 5)]), "%PDF-") {
		return nil, fmt.Errorf("print opinion: renderer returned no PDF (%d bytes)", len(b))
	}
	s.pdfs.put(key, b)
	return b, nil
}

// signedDraft is what the annotated downloads are made of: the latest
// signed review of a document, the version it reviewed and its accepted
// findings (reviewers' own findings are accepted when added).
type signedDraft struct {
	review   *storage.Review
	version  *storage.Version
	accepted []storage.Finding
}

func (s *Server) signedDraft(ctx context.Context, d *storage.Document) (*signedDraft, error) {
	if d.LatestReviewID == 0 {
		return nil, userErr(http.StatusNotFound, "尚无审查意见")
	}
	r, err := s.store.Review(ctx, d.LatestReviewID)
	if err != nil {
		return nil, err
	}
	if r.Status != storage.ReviewSigned {
		return nil, userErr(http.StatusNotFound, "审查意见尚未签发")
	}
	v, err := s.store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	fs, err := s.store.Findings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	sd := &signedDraft{review: r, version: v}
	for _, f := range fs {
		if f.State == decision.FindingAccepted {
			sd.accepted = append(sd.accepted, f)
		}
	}
	return sd, nil
}

// hasReplacement reports whether a 修改建议稿 can be made.
func hasReplacement(fs []storage.Finding) bool {
	for _, f := range fs {
		if f.State == decision.FindingAccepted && f.Replacement != "" && f.Quote != "" {
			return true
		}
	}
	return false
}

// commentText is one 批注: the problem, its legal basis and the fix.
func commentText(f storage.Finding) string {
	rf := findingJSON(f).Finding
	lines := []string{"问题：" + rf.Message}
	var basis []string
	for _, b := range rf.Basis {
		basis = append(basis, "《"+strings.Trim(b.Law, "《》")+"》"+b.Article)
	}
	if rf.Authority != "" {
		basis = append(basis, rf.Authority)
	}
	if len(basis) > 0 {
		lines = append(lines, "依据："+strings.Join(basis, "；"))
	}
	if rf.Suggestion != "" {
		lines = append(lines, "修改建议："+rf.Suggestion)
	}
	if f.Replacement != "" {
		lines = append(lines, "建议改为："+f.Replacement)
	}
	return strings.Join(lines, "\n")
}

func (sd *signedDraft) comments() []annotate.Comment {
	var out []annotate.Comment
	for _, f := range sd.accepted {
		out = append(out, annotate.Comment{Start: f.Start, End: f.End, Quote: f.Quote, Author: sd.review.SignerName,
			Text: commentText(f), Date: sd.review.SignedAt})
	}
	return out
}

func (sd *signedDraft) changes() []annotate.Change {
	var out []annotate.Change
	for _, f := range sd.accepted {
		if f.Replacement != "" && f.Quote != "" {
			out = append(out, annotate.Change{Start: f.Start, End: f.End, Quote: f.Quote, Replacement: f.Replacement,
				Author: sd.review.SignerName, Date: sd.review.SignedAt})
		}
	}
	return out
}

// annotated builds the 批注稿 (revise false) or the 修改建议稿 (revise
// true). A .docx draft keeps its own layout; other formats are rebuilt as
// a new .docx from the extracted text the findings' offsets index.
func (s *Server) annotated(sd *signedDraft, title string, revise bool) ([]byte, error) {
	var original []byte
	if sd.version.Format == "docx" {
		f, err := s.files.Open(sd.version.FileSHA256)
		if err != nil {
			return nil, fmt.Errorf("open stored file %s: %w", sd.version.FileSHA256, err)
		}
		defer f.Close()
		if original, err = io.ReadAll(f); err != nil {
			return nil, fmt.Errorf("read stored file %s: %w", sd.version.FileSHA256, err)
		}
	}
	var out []byte
	var err error
	switch {
	case revise && original != nil:
		out, err = annotate.SuggestedRevision(original, sd.changes())
	case revise:
		out, err = annotate.SuggestedRevisionText(title, sd.review.Text, sd.changes())
	case original != nil:
		out, err = annotate.Annotate(original, sd.comments())
	default:
		out, err = annotate.AnnotateText(title, sd.review.Text, sd.comments())
	}
	if err != nil {
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return nil, &Error{Status: http.StatusUnprocessableEntity, Msg: "无法生成批注稿：" + ae.Msg, Err: err}
		}
		return nil, fmt.Errorf("annotate: %w", err)
	}
	return out, nil
}

// ---- handlers (pages and API share them; errors come out as JSON under /api/)

// readableDocument is the document of :id when the user may read it.
func (s *Server) readableDocument(c *gin.Context) (*storage.Document, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	d, _, err := s.document(c.Request.Context(), currentUser(c), id, accessRead)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return d, true
}

func (s *Server) opinionPDFFile(c *gin.Context) {
	d, ok := s.readableDocument(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	// Whether there is a signed opinion is decided before whether this
	// machine can print one: a missing opinion is 404 everywhere, not 503
	// where Chromium and LibreOffice are absent.
	op, err := s.opinion(ctx, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	b, err := s.opinionPDF(ctx, op)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(ctx, currentUser(c), "opinion_download", fmt.Sprintf("document:%d", d.ID), "pdf")
	sendFile(c, "合法性审查意见书-"+d.Title+".pdf", "opinion.pdf", pdfType, b)
}

func (s *Server) annotatedFile(c *gin.Context) { s.draftFile(c, false) }
func (s *Server) suggestedFile(c *gin.Context) { s.draftFile(c, true) }

func (s *Server) draftFile(c *gin.Context, revise bool) {
	d, ok := s.readableDocument(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	sd, err := s.signedDraft(ctx, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	if revise && !hasReplacement(sd.accepted) {
		s.fail(c, userErr(http.StatusNotFound, "审查人没有给出替换措辞，没有修改建议稿；请下载批注稿"))
		return
	}
	b, err := s.annotated(sd, d.Title, revise)
	if err != nil {
		s.fail(c, err)
		return
	}
	action, name, ascii := "annotated_download", "批注稿-"+d.Title+".docx", "annotated.docx"
	if revise {
		action, name, ascii = "suggested_download", "修改建议稿-"+d.Title+".docx", "suggested.docx"
	}
	s.audit(ctx, currentUser(c), action, fmt.Sprintf("document:%d", d.ID), fmt.Sprintf("第 %d 轮", sd.review.Revision))
	sendFile(c, name, ascii, docxType, b)
}

// sendFile answers with a download. The name goes out per RFC 6266 with
// RFC 5987 encoding (filename*), which every current browser uses, plus an
// ASCII filename for clients that know only that.
func sendFile(c *gin.Context, name, ascii, contentType string, data []byte) {
	c.Header("Content-Disposition", contentDisposition(name, ascii))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "private, no-store")
	c.Data(http.StatusOK, contentType, data)
}

func contentDisposition(name, ascii string) string {
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + rfc5987(safeName(name))
}

// safeName drops what a file system or a header would misread: path
// separators, quotes and control characters.
func safeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, name)
}

// rfc5987 percent-encodes everything outside attr-char (RFC 5987 §3.2.1).
func rfc5987(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("!#$&+-.^_`|~", ch) >= 0 {
			b.WriteByte(ch)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[ch>>4])
		b.WriteByte(hexd[ch&15])
	}
	return b.String()
}

// downloads is what the document and review pages offer for a signed review.
type downloads struct {
	Word      bool // opinion .docx
	PDF       bool // opinion .pdf (false: the page explains why not)
	Suggested bool // 修改建议稿
}

func (s *Server) downloadsFor(ctx context.Context, r *storage.Review) downloads {
	dl := downloads{Word: s.cfg.Opinion != nil, PDF: s.printer() != nil}
	if r != nil && r.Status == storage.ReviewSigned {
		if fs, err := s.store.Findings(ctx, r.ID); err == nil {
			dl.Suggested = hasReplacement(fs)
		}
	}
	return dl
}
