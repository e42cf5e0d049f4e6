package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"lawreview/review/annotate"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// Documents out: the signed opinion (.docx and PDF), the clerk's draft
// with the accepted findings as Word comments (批注稿) and, when the
// reviewer wrote replacement wording, with that wording as tracked
// changes (修改建议稿). Everyone who may read the signed opinion may
// download them; every download is audited.

// File is a document handed out: its name for the user, an ASCII name for
// clients that know no other, its type and its bytes.
type File struct {
	Name        string
	ASCIIName   string
	ContentType string
	Data        []byte
}

// The content types of the files handed out.
const (
	DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	PDFContentType  = "application/pdf"
)

// signedReview is the latest signed review of a document with its
// version, findings and sign-off.
type signedReview struct {
	review   *storage.Review
	version  *storage.Version
	findings []storage.Finding
}

func (s *Service) signedReview(ctx context.Context, d *storage.Document) (*signedReview, error) {
	if d.LatestReviewID == 0 {
		return nil, fail(NotFound, "尚无审查意见")
	}
	r, err := s.Store.Review(ctx, d.LatestReviewID)
	if err != nil {
		return nil, err
	}
	if r.Status != storage.ReviewSigned {
		return nil, fail(NotFound, "审查意见尚未签发")
	}
	v, err := s.Store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	fs, err := s.Store.Findings(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	return &signedReview{review: r, version: v, findings: fs}, nil
}

func (sr *signedReview) accepted() []storage.Finding {
	var out []storage.Finding
	for _, f := range sr.findings {
		if f.State == decision.FindingAccepted {
			out = append(out, f)
		}
	}
	return out
}

// SignedOpinion assembles the signed opinion of a document's latest signed
// review, for a user who may read the document.
func (s *Service) SignedOpinion(ctx context.Context, u *storage.User, docID int64) (*Opinion, *storage.Document, error) {
	d, _, err := s.Document(ctx, u, docID, AccessRead)
	if err != nil {
		return nil, nil, err
	}
	op, err := s.opinion(ctx, d)
	return op, d, err
}

// ViewOpinion is SignedOpinion for the printable page: the view is audited.
func (s *Service) ViewOpinion(ctx context.Context, u *storage.User, docID int64) (*Opinion, *storage.Document, error) {
	op, d, err := s.SignedOpinion(ctx, u, docID)
	if err != nil {
		return nil, nil, err
	}
	s.audit(ctx, u, storage.AuditOpinionView, fmt.Sprintf("document:%d", d.ID), "")
	return op, d, nil
}

func (s *Service) opinion(ctx context.Context, d *storage.Document) (*Opinion, error) {
	sr, err := s.signedReview(ctx, d)
	if err != nil {
		return nil, err
	}
	r, v := sr.review, sr.version
	sos, err := s.Store.Signoffs(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	var so *storage.Signoff
	for i := range sos {
		if sos[i].Revision == r.Revision {
			so = &sos[i]
		}
	}
	if so == nil {
		return nil, fmt.Errorf("review %d revision %d: signed without a sign-off record", r.ID, r.Revision)
	}
	// Signer, office and township as signed (the sign-off's snapshot), not
	// as the accounts and townships are today.
	op := &Opinion{DocumentTitle: d.Title, DocumentType: r.Type, Township: so.TownshipName, Office: so.OfficeName, MeetingDate: d.MeetingDate,
		Version: v.Number, FileName: v.FileName, FileSHA256: v.FileSHA256, Conclusion: r.Conclusion.Label(), Opinion: r.Opinion,
		Reviewer: so.UserName, SignedAt: r.SignedAt, Revision: r.Revision, Received: v.UploadedAt, Checklist: Checklist(r.Checklist, sr.findings),
		Number: opinion.DocNumber(so.OfficeName, so.Number)}
	for _, f := range sr.accepted() {
		op.Findings = append(op.Findings, f.Report())
	}
	return op, nil
}

// OpinionFile is the signed opinion as the configured renderer's file
// (.docx).
func (s *Service) OpinionFile(ctx context.Context, u *storage.User, docID int64) (*File, error) {
	d, _, err := s.Document(ctx, u, docID, AccessRead)
	if err != nil {
		return nil, err
	}
	return s.opinionFile(ctx, u, d, "")
}

// opinionFile renders the signed opinion of d's LatestReviewID; detail
// goes before the extension in the audit entry.
func (s *Service) opinionFile(ctx context.Context, u *storage.User, d *storage.Document, detail string) (*File, error) {
	if s.Opinion == nil {
		return nil, fail(NotImplemented, "暂不支持下载 Word 版意见书，请使用“打印意见书”页面")
	}
	op, err := s.opinion(ctx, d)
	if err != nil {
		return nil, err
	}
	var buf strings.Builder
	if err := s.Opinion.Render(&buf, op); err != nil {
		return nil, fmt.Errorf("render opinion: %w", err)
	}
	ext := s.Opinion.Ext()
	s.audit(ctx, u, storage.AuditOpinionDownload, fmt.Sprintf("document:%d", d.ID), detail+ext)
	return &File{Name: fmt.Sprintf("合法性审查意见书-%s.%s", d.Title, ext), ASCIIName: "opinion." + ext, ContentType: s.Opinion.ContentType(),
		Data: []byte(buf.String())}, nil
}

// Printer is the configured PDF renderer, nil when there is none.
func (s *Service) Printer() OpinionPrinter {
	p, ok := s.Opinion.(OpinionPrinter)
	if !ok || !p.PDFAvailable() {
		return nil
	}
	return p
}

// OpinionPDF is the signed opinion as PDF.
func (s *Service) OpinionPDF(ctx context.Context, u *storage.User, docID int64) (*File, error) {
	d, _, err := s.Document(ctx, u, docID, AccessRead)
	if err != nil {
		return nil, err
	}
	// Whether there is a signed opinion is decided before whether this
	// machine can print one: a missing opinion is NotFound everywhere, not
	// Unavailable where Chromium and LibreOffice are absent.
	op, err := s.opinion(ctx, d)
	if err != nil {
		return nil, err
	}
	b, err := s.opinionPDF(ctx, op)
	if err != nil {
		return nil, err
	}
	s.audit(ctx, u, storage.AuditOpinionDownload, fmt.Sprintf("document:%d", d.ID), "pdf")
	return &File{Name: "合法性审查意见书-" + d.Title + ".pdf", ASCIIName: "opinion.pdf", ContentType: PDFContentType, Data: b}, nil
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
func (s *Service) opinionPDF(ctx context.Context, op *Opinion) ([]byte, error) {
	p := s.Printer()
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
	timeout := s.PDFTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	b, err := p.PDF(rctx, op)
	if err != nil {
		if rctx.Err() != nil && ctx.Err() == nil {
			return nil, &Error{Kind: Timeout, Msg: "生成 PDF 超时，请稍后重试，或下载 Word 版本后打印", Err: err}
		}
		return nil, fmt.Errorf("print opinion: %w", err)
	}
	if !strings.HasPrefix(string(b[:min(len(b), 5)]), "%PDF-") {
		return nil, fmt.Errorf("print opinion: renderer returned no PDF (%d bytes)", len(b))
	}
	s.pdfs.put(key, b)
	return b, nil
}

// HasSuggestedDraft reports whether a 修改建议稿 can be made from these
// findings: an accepted one proposes replacement wording for its quote.
func HasSuggestedDraft(fs []storage.Finding) bool {
	for _, f := range fs {
		if f.State == decision.FindingAccepted && f.Replacement != "" && f.Quote != "" {
			return true
		}
	}
	return false
}

// commentText is one 批注: the problem, its legal basis and the fix.
func commentText(f storage.Finding) string {
	rf := f.Report()
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

func (sr *signedReview) comments() []annotate.Comment {
	var out []annotate.Comment
	for _, f := range sr.accepted() {
		out = append(out, annotate.Comment{Start: f.Start, End: f.End, Quote: f.Quote, Author: sr.review.SignerName,
			Text: commentText(f), Date: sr.review.SignedAt})
	}
	return out
}

func (sr *signedReview) changes() []annotate.Change {
	var out []annotate.Change
	for _, f := range sr.accepted() {
		if f.Replacement != "" && f.Quote != "" {
			out = append(out, annotate.Change{Start: f.Start, End: f.End, Quote: f.Quote, Replacement: f.Replacement,
				Author: sr.review.SignerName, Date: sr.review.SignedAt})
		}
	}
	return out
}

// AnnotatedDraft is the clerk's draft marked by the latest signed review:
// the 批注稿 (revise false) or the 修改建议稿 (revise true). A .docx draft
// keeps its own layout; other formats are rebuilt as a new .docx from the
// extracted text the findings' offsets index.
func (s *Service) AnnotatedDraft(ctx context.Context, u *storage.User, docID int64, revise bool) (*File, error) {
	d, _, err := s.Document(ctx, u, docID, AccessRead)
	if err != nil {
		return nil, err
	}
	sr, err := s.signedReview(ctx, d)
	if err != nil {
		return nil, err
	}
	if revise && !HasSuggestedDraft(sr.findings) {
		return nil, fail(NotFound, "审查人没有给出替换措辞，没有修改建议稿；请下载批注稿")
	}
	b, err := s.annotated(sr, d.Title, revise)
	if err != nil {
		return nil, err
	}
	action, f := storage.AuditAnnotatedDownload, &File{Name: "批注稿-" + d.Title + ".docx", ASCIIName: "annotated.docx", ContentType: DocxContentType, Data: b}
	if revise {
		action, f.Name, f.ASCIIName = storage.AuditSuggestedDownload, "修改建议稿-"+d.Title+".docx", "suggested.docx"
	}
	s.audit(ctx, u, action, fmt.Sprintf("document:%d", d.ID), fmt.Sprintf("第 %d 轮", sr.review.Revision))
	return f, nil
}

func (s *Service) annotated(sr *signedReview, title string, revise bool) ([]byte, error) {
	var original []byte
	if sr.version.Format == "docx" {
		f, err := s.Files.Open(sr.version.FileSHA256)
		if err != nil {
			return nil, fmt.Errorf("open stored file %s: %w", sr.version.FileSHA256, err)
		}
		defer f.Close()
		if original, err = io.ReadAll(f); err != nil {
			return nil, fmt.Errorf("read stored file %s: %w", sr.version.FileSHA256, err)
		}
	}
	var out []byte
	var err error
	switch {
	case revise && original != nil:
		out, err = annotate.SuggestedRevision(original, sr.changes())
	case revise:
		out, err = annotate.SuggestedRevisionText(title, sr.review.Text, sr.changes())
	case original != nil:
		out, err = annotate.Annotate(original, sr.comments())
	default:
		out, err = annotate.AnnotateText(title, sr.review.Text, sr.comments())
	}
	if err != nil {
		var ae *annotate.Error
		if errors.As(err, &ae) {
			return nil, &Error{Kind: Unprocessable, Msg: "无法生成批注稿：" + ae.Msg, Err: err}
		}
		return nil, fmt.Errorf("annotate: %w", err)
	}
	return out, nil
}
