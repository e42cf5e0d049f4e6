package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"lawreview/review/annotate"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// Documents out: the signed opinion (.docx, the print view and PDF), the
// clerk's draft with the accepted findings as Word comments (批注稿) and,
// when the reviewer wrote replacement wording, with that wording as
// tracked changes (修改建议稿). Everyone who may read the document may
// download them; every download is audited.
//
// Each signed round (a review signed at a revision) keeps its files as
// they were made the first time (storage.SignedFile): at sign-off, or at
// the first request when that failed. A new version or a reopening of the
// review changes nothing kept, so every round stays downloadable, byte for
// byte, with the sha256 the document page shows. The PDF is made in the
// background from sign-off on and kept when it is done.

// File is a document handed out: its name for the user, an ASCII name for
// clients that know no other, its type and its bytes.
type File struct {
	Name        string
	ASCIIName   string
	ContentType string
	Data        []byte
	SHA256      string
}

// The content types of the files handed out.
const (
	DocxContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	PDFContentType  = "application/pdf"
	HTMLContentType = "text/html; charset=utf-8"
)

// RoundRef names a signed round: the latest review of a document
// (DocumentID) or a review (ReviewID), at a revision (0: the revision the
// review is signed at now).
type RoundRef struct {
	DocumentID int64
	ReviewID   int64
	Revision   int
}

// Round is one signed round of a review: the review signed at a revision,
// the sign-off's snapshot of what was signed, and the files kept of it.
type Round struct {
	Document *storage.Document
	Review   *storage.Review
	Version  *storage.Version
	Signoff  storage.Signoff
	// Current: the review is signed at this revision now, so its findings
	// are the ones that were signed and missing files can still be made.
	// A round reopened since keeps only what was kept.
	Current bool
	Files   map[storage.OutputKind]storage.SignedFile

	findings []storage.Finding // the signed findings, when Current
}

// Number is the round's 文号 as every output prints it.
func (rd *Round) Number() string { return opinion.DocNumber(rd.Signoff.OfficeName, rd.Signoff.Number) }

// Kept is the file of a kind kept for the round, nil when none is.
func (rd *Round) Kept(k storage.OutputKind) *storage.SignedFile {
	if f, ok := rd.Files[k]; ok {
		return &f
	}
	return nil
}

var errUnsigned = fail(NotFound, "审查意见尚未签发")

// Round loads a signed round the user may read.
func (s *Service) Round(ctx context.Context, u *storage.User, ref RoundRef) (*Round, error) {
	var r *storage.Review
	var d *storage.Document
	var err error
	if ref.ReviewID != 0 {
		if r, d, _, err = s.Review(ctx, u, ref.ReviewID, AccessRead); err != nil {
			return nil, err
		}
	} else {
		if d, _, err = s.Document(ctx, u, ref.DocumentID, AccessRead); err != nil {
			return nil, err
		}
		if d.LatestReviewID == 0 {
			return nil, fail(NotFound, "尚无审查意见")
		}
		if r, err = s.Store.Review(ctx, d.LatestReviewID); err != nil {
			return nil, err
		}
	}
	return s.round(ctx, d, r, ref.Revision)
}

func (s *Service) round(ctx context.Context, d *storage.Document, r *storage.Review, revision int) (*Round, error) {
	if revision == 0 {
		if r.Status != storage.ReviewSigned {
			return nil, errUnsigned
		}
		revision = r.Revision
	}
	sos, err := s.Store.Signoffs(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	rd := &Round{Document: d, Review: r, Current: r.Status == storage.ReviewSigned && r.Revision == revision, Files: map[storage.OutputKind]storage.SignedFile{}}
	found := false
	for _, so := range sos {
		if so.Revision == revision {
			rd.Signoff, found = so, true
		}
	}
	switch {
	case !found && rd.Current:
		return nil, fmt.Errorf("review %d revision %d: signed without a sign-off record", r.ID, revision)
	case !found:
		return nil, fail(NotFound, fmt.Sprintf("第 %d 轮审查没有签发记录", revision))
	}
	if rd.Version, err = s.Store.Version(ctx, r.VersionID); err != nil {
		return nil, err
	}
	kept, err := s.Store.SignedFiles(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range kept {
		if f.Revision == revision {
			rd.Files[f.Kind] = f
		}
	}
	if rd.Current {
		if rd.findings, err = s.Store.Findings(ctx, r.ID); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

// Rounds are the signed rounds of a review, oldest first, with their kept
// files (no findings: for listing).
func (s *Service) rounds(ctx context.Context, r *storage.Review) ([]Round, error) {
	sos, err := s.Store.Signoffs(ctx, r.ID)
	if err != nil || len(sos) == 0 {
		return nil, err
	}
	kept, err := s.Store.SignedFiles(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Round, 0, len(sos))
	for _, so := range sos {
		rd := Round{Review: r, Signoff: so, Current: r.Status == storage.ReviewSigned && r.Revision == so.Revision, Files: map[storage.OutputKind]storage.SignedFile{}}
		for _, f := range kept {
			if f.Revision == so.Revision {
				rd.Files[f.Kind] = f
			}
		}
		if rd.Current && len(rd.Files) == 0 {
			// Signed before rounds kept their files: what it offers
			// depends on its findings.
			if rd.findings, err = s.Store.Findings(ctx, r.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, rd)
	}
	return out, nil
}

// ReviewRounds are the signed rounds of a review the caller has read
// (through Review), oldest first, with their kept files.
func (s *Service) ReviewRounds(ctx context.Context, r *storage.Review) ([]Round, error) {
	return s.rounds(ctx, r)
}

// StandardSentences are, by conclusion, the standard sentence the opinion
// prints under it (title: the document's); the review page offers to
// insert it as the reviewer's own words.
func (s *Service) StandardSentences(title string) map[decision.Conclusion]string {
	out := map[decision.Conclusion]string{}
	for _, c := range decision.Conclusions {
		out[c] = opinion.ConclusionSentence(c.Label(), title)
	}
	return out
}

func (rd *Round) accepted() []storage.Finding {
	var out []storage.Finding
	for _, f := range rd.findings {
		if f.State == decision.FindingAccepted {
			out = append(out, f)
		}
	}
	return out
}

// notKept is the answer for a file of a round reopened since that was
// never kept: its findings are no longer the signed ones.
func (rd *Round) notKept(k storage.OutputKind) error {
	return fail(NotFound, fmt.Sprintf("第 %d 轮审查的%s未存档（该轮签发后审查已重新打开）", rd.Signoff.Revision, k.Label()))
}

// Opinion is the signed opinion of the round as printed: signer, office,
// township, 版头 and annex as signed (the sign-off's snapshot), not as the
// accounts and townships are today.
func (rd *Round) Opinion() (*Opinion, error) {
	if !rd.Current {
		return nil, rd.notKept(storage.OutputOpinionDocx)
	}
	r, v, so, d := rd.Review, rd.Version, rd.Signoff, rd.Document
	op := &Opinion{DocumentTitle: d.Title, DocumentType: r.Type, Township: so.TownshipName, Office: so.OfficeName, MeetingDate: d.MeetingDate,
		Version: v.Number, FileName: v.FileName, FileSHA256: v.FileSHA256, Conclusion: r.Conclusion.Label(), Opinion: r.Opinion,
		Reviewer: so.UserName, SignedAt: r.SignedAt, Revision: r.Revision, Received: v.UploadedAt, Checklist: Checklist(r.Checklist, rd.findings),
		Number: opinion.DocNumber(so.OfficeName, so.Number), Letterhead: so.Letterhead, OmitAnnex: so.OmitAnnex}
	for _, f := range rd.accepted() {
		op.Findings = append(op.Findings, f.Report())
	}
	return op, nil
}

// SignedOpinion is the signed opinion of a round, for a user who may read
// the document.
func (s *Service) SignedOpinion(ctx context.Context, u *storage.User, ref RoundRef) (*Opinion, *Round, error) {
	rd, err := s.Round(ctx, u, ref)
	if err != nil {
		return nil, nil, err
	}
	op, err := rd.Opinion()
	if err != nil {
		return nil, nil, err
	}
	return op, rd, nil
}

// printer is the configured renderer's printing side, nil when it has
// none.
func (s *Service) printer() OpinionPrinter {
	p, _ := s.Opinion.(OpinionPrinter)
	return p
}

// PDFAvailable reports whether this installation can make PDFs.
func (s *Service) PDFAvailable() bool {
	p := s.printer()
	return p != nil && p.PDFAvailable()
}

// make renders one file of a current round.
func (s *Service) make(rd *Round, k storage.OutputKind) ([]byte, error) {
	switch k {
	case storage.OutputOpinionDocx, storage.OutputOpinionHTML:
		op, err := rd.Opinion()
		if err != nil {
			return nil, err
		}
		if k == storage.OutputOpinionHTML {
			p := s.printer()
			if p == nil {
				return nil, fail(NotImplemented, "暂不支持意见书打印页，请下载 Word 版本")
			}
			return p.HTML(op)
		}
		if s.Opinion == nil {
			return nil, fail(NotImplemented, "暂不支持下载 Word 版意见书")
		}
		var buf bytes.Buffer
		if err := s.Opinion.Render(&buf, op); err != nil {
			return nil, fmt.Errorf("render opinion: %w", err)
		}
		return buf.Bytes(), nil
	case storage.OutputAnnotated:
		return s.annotated(rd, false)
	case storage.OutputSuggested:
		if !HasSuggestedDraft(rd.findings) {
			return nil, fail(NotFound, "审查人没有给出替换措辞，没有修改建议稿；请下载批注稿")
		}
		return s.annotated(rd, true)
	}
	return nil, fmt.Errorf("no file of kind %q", k)
}

// keep stores data as the round's file of kind k unless one is kept
// already, and returns the file kept with its bytes.
func (s *Service) keep(ctx context.Context, rd *Round, k storage.OutputKind, data []byte) (*storage.SignedFile, []byte, error) {
	st, err := s.Files.Stage(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, fmt.Errorf("stage %s: %w", k, err)
	}
	f := &storage.SignedFile{ReviewID: rd.Review.ID, Revision: rd.Signoff.Revision, Kind: k, SHA256: st.SHA256, Size: st.Size, CreatedAt: s.now()}
	kept, err := s.Store.AddSignedFile(context.WithoutCancel(ctx), f, st.Commit)
	if err != nil || kept.SHA256 != st.SHA256 {
		st.Discard()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("keep %s of review %d: %w", k, rd.Review.ID, err)
	}
	if kept.SHA256 != st.SHA256 { // made twice at once: the other was kept
		b, err := s.readKept(kept)
		return kept, b, err
	}
	return kept, data, nil
}

func (s *Service) readKept(f *storage.SignedFile) ([]byte, error) {
	r, err := s.Files.Open(f.SHA256)
	if err != nil {
		return nil, fmt.Errorf("open kept %s: %w", f.Kind, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read kept %s: %w", f.Kind, err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, fmt.Errorf("kept %s %s: content does not match its sha256", f.Kind, f.SHA256)
	}
	return b, nil
}

// output is the round's file of kind k: the one kept, else (for a
// current round) made now and kept.
func (s *Service) output(ctx context.Context, rd *Round, k storage.OutputKind) ([]byte, *storage.SignedFile, error) {
	if f := rd.Kept(k); f != nil {
		b, err := s.readKept(f)
		return b, f, err
	}
	if !rd.Current {
		return nil, nil, rd.notKept(k)
	}
	b, err := s.make(rd, k)
	if err != nil {
		return nil, nil, err
	}
	f, b, err := s.keep(ctx, rd, k, b)
	return b, f, err
}

// noPDFAtSignoff in a sign-off's context leaves its PDF to the first
// request (seeding the demo's history).
type noPDFAtSignoff struct{}

// freeze keeps every file of a round just signed and starts its PDF.
// Failures are logged, not returned: the signature stands, and a file not
// kept now is made at its first request.
func (s *Service) freeze(ctx context.Context, rd *Round) {
	kinds := []storage.OutputKind{storage.OutputOpinionDocx, storage.OutputOpinionHTML, storage.OutputAnnotated}
	if HasSuggestedDraft(rd.findings) {
		kinds = append(kinds, storage.OutputSuggested)
	}
	for _, k := range kinds {
		if _, _, err := s.output(ctx, rd, k); err != nil {
			s.Logger.Error("keep signed file", "review", rd.Review.ID, "revision", rd.Signoff.Revision, "kind", k, "error", err)
		}
	}
	if skip, _ := ctx.Value(noPDFAtSignoff{}).(bool); s.PDFAvailable() && !skip {
		if _, err := s.pdfJob(rd, false); err != nil {
			s.Logger.Error("start opinion PDF", "review", rd.Review.ID, "revision", rd.Signoff.Revision, "error", err)
		}
	}
}

// fileName is the name a round's file is offered under: the document's
// title, and the version and round when the document has had more than one.
func (rd *Round) fileName(prefix, ext string) string {
	name := prefix + "-" + rd.Document.Title
	if rd.Version.Number > 1 || rd.Document.LatestVersion > 1 {
		name += fmt.Sprintf("-第%d版", rd.Version.Number)
	}
	if rd.Signoff.Revision > 1 {
		name += fmt.Sprintf("-第%d轮", rd.Signoff.Revision)
	}
	return name + "." + ext
}

// auditTarget names a round in the audit log.
func (rd *Round) auditTarget() string {
	return fmt.Sprintf("review:%d/revision:%d", rd.Review.ID, rd.Signoff.Revision)
}

// OpinionView is the print view of a round's opinion (an HTML page laid
// out like the .docx); the view is audited.
func (s *Service) OpinionView(ctx context.Context, u *storage.User, ref RoundRef) ([]byte, *Round, error) {
	rd, err := s.Round(ctx, u, ref)
	if err != nil {
		return nil, nil, err
	}
	b, _, err := s.output(ctx, rd, storage.OutputOpinionHTML)
	if err != nil {
		return nil, nil, err
	}
	s.audit(ctx, u, storage.AuditOpinionView, rd.auditTarget(), "")
	return b, rd, nil
}

// SignedFile is a file of a round for download: the opinion as Word, the
// 批注稿 or the 修改建议稿 (the PDF is OpinionPDF's).
func (s *Service) SignedFile(ctx context.Context, u *storage.User, ref RoundRef, k storage.OutputKind) (*File, error) {
	rd, err := s.Round(ctx, u, ref)
	if err != nil {
		return nil, err
	}
	return s.signedFile(ctx, u, rd, k)
}

// signedFile is SignedFile for a round already loaded with the user's
// access checked (the register loads its rounds by 文号).
func (s *Service) signedFile(ctx context.Context, u *storage.User, rd *Round, k storage.OutputKind) (*File, error) {
	var f *File
	action := storage.AuditOpinionDownload
	switch k {
	case storage.OutputOpinionDocx:
		if s.Opinion == nil {
			return nil, fail(NotImplemented, "暂不支持下载 Word 版意见书，请使用“打印意见书”页面")
		}
		ext := s.Opinion.Ext()
		f = &File{Name: rd.fileName("合法性审查意见书", ext), ASCIIName: "opinion." + ext, ContentType: s.Opinion.ContentType()}
	case storage.OutputAnnotated:
		action, f = storage.AuditAnnotatedDownload, &File{Name: rd.fileName("批注稿", "docx"), ASCIIName: "annotated.docx", ContentType: DocxContentType}
	case storage.OutputSuggested:
		action, f = storage.AuditSuggestedDownload, &File{Name: rd.fileName("修改建议稿", "docx"), ASCIIName: "suggested.docx", ContentType: DocxContentType}
	default:
		return nil, ErrNotFound
	}
	b, kept, err := s.output(ctx, rd, k)
	if err != nil {
		return nil, err
	}
	f.Data, f.SHA256 = b, kept.SHA256
	s.audit(ctx, u, action, rd.auditTarget(), k.Label())
	return f, nil
}

// PDFStatus is where a round's PDF is while it is being made.
type PDFStatus struct {
	State   opinion.JobState
	Started time.Time
	Msg     string // why it failed, in Chinese
}

type roundKey struct {
	review   int64
	revision int
}

// trackedJob is a PDF this service started. Once its PDF is kept, job is
// dropped (the bytes are in the file store) and kept says so, so that a
// request that read the round before cannot start it again.
type trackedJob struct {
	job     PDFJob
	started time.Time
	kept    bool
}

// pdfJob returns the job making the round's PDF: the one this service
// started, unless it failed and retry asks for another; else a new one,
// watched so that its PDF is kept when it is done.
func (s *Service) pdfJob(rd *Round, retry bool) (*trackedJob, error) {
	key := roundKey{rd.Review.ID, rd.Signoff.Revision}
	s.pdfMu.Lock()
	defer s.pdfMu.Unlock()
	if tj, ok := s.pdfJobs[key]; ok && (tj.kept || !(retry && tj.job.State() == opinion.JobFailed)) {
		return tj, nil
	}
	p := s.printer()
	if p == nil || !p.PDFAvailable() {
		return nil, errNoPDF
	}
	op, err := rd.Opinion()
	if err != nil {
		return nil, err
	}
	j, err := p.StartPDF(op)
	if err != nil {
		return nil, err
	}
	tj := &trackedJob{job: j, started: s.now()}
	if s.pdfJobs == nil {
		s.pdfJobs = map[roundKey]*trackedJob{}
	}
	s.pdfJobs[key] = tj
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		<-j.Done()
		b, err := j.Result()
		if err != nil {
			s.Logger.Error("opinion PDF", "review", key.review, "revision", key.revision, "error", err)
			return
		}
		if _, _, err := s.keep(context.Background(), rd, storage.OutputOpinionPDF, b); err != nil {
			s.Logger.Error("keep opinion PDF", "review", key.review, "revision", key.revision, "error", err)
			return
		}
		s.pdfMu.Lock()
		defer s.pdfMu.Unlock()
		tj.kept, tj.job = true, nil
	}()
	return tj, nil
}

// keptPDF reads the round's PDF kept since the round was read.
func (s *Service) keptPDF(ctx context.Context, rd *Round) (*storage.SignedFile, []byte, error) {
	fs, err := s.Store.SignedFiles(ctx, rd.Review.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range fs {
		if f.Revision == rd.Signoff.Revision && f.Kind == storage.OutputOpinionPDF {
			b, err := s.readKept(&f)
			return &f, b, err
		}
	}
	return nil, nil, fmt.Errorf("review %d revision %d: PDF kept but not found", rd.Review.ID, rd.Signoff.Revision)
}

// jobState reads a tracked job under the lock (the keeper changes it).
func (s *Service) jobState(tj *trackedJob) (PDFJob, bool) {
	s.pdfMu.Lock()
	defer s.pdfMu.Unlock()
	return tj.job, tj.kept
}

const errPDFFailed = "生成 PDF 失败，请稍后重试，或下载 Word 版本后打印"

// OpinionPDF is the round's opinion as PDF when it is made; while it is
// being made (or when making it failed) the file is nil and the status
// says where it is. retry starts again after a failure.
func (s *Service) OpinionPDF(ctx context.Context, u *storage.User, ref RoundRef, retry bool) (*File, *PDFStatus, error) {
	rd, err := s.Round(ctx, u, ref)
	if err != nil {
		return nil, nil, err
	}
	f := &File{Name: rd.fileName("合法性审查意见书", "pdf"), ASCIIName: "opinion.pdf", ContentType: PDFContentType}
	if kept := rd.Kept(storage.OutputOpinionPDF); kept != nil {
		if f.Data, err = s.readKept(kept); err != nil {
			return nil, nil, err
		}
		f.SHA256 = kept.SHA256
		s.audit(ctx, u, storage.AuditOpinionDownload, rd.auditTarget(), storage.OutputOpinionPDF.Label())
		return f, nil, nil
	}
	// Whether there is a signed opinion is decided before whether this
	// machine can print one: a missing opinion is NotFound everywhere, not
	// Unavailable where Chromium and LibreOffice are absent.
	if !rd.Current {
		return nil, nil, rd.notKept(storage.OutputOpinionPDF)
	}
	tj, err := s.pdfJob(rd, retry)
	if err != nil {
		return nil, nil, err
	}
	var kept *storage.SignedFile
	var b []byte
	if job, wasKept := s.jobState(tj); wasKept {
		if kept, b, err = s.keptPDF(ctx, rd); err != nil {
			return nil, nil, err
		}
	} else {
		st := &PDFStatus{State: job.State(), Started: tj.started}
		switch st.State {
		case opinion.JobRunning:
			return nil, st, nil
		case opinion.JobFailed:
			_, err := job.Result()
			st.Msg = errPDFFailed
			if errors.Is(err, opinion.ErrPDFUnavailable) {
				st.Msg = errNoPDF.Msg
			}
			return nil, st, nil
		}
		if b, err = job.Result(); err != nil {
			return nil, nil, err
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			return nil, nil, fmt.Errorf("print opinion: renderer returned no PDF (%d bytes)", len(b))
		}
		if kept, b, err = s.keep(ctx, rd, storage.OutputOpinionPDF, b); err != nil {
			return nil, nil, err
		}
	}
	f.Data, f.SHA256 = b, kept.SHA256
	s.audit(ctx, u, storage.AuditOpinionDownload, rd.auditTarget(), storage.OutputOpinionPDF.Label())
	return f, nil, nil
}

// PDFState is where the round's PDF is: done when it is kept, else the
// state of the job making it (started now when there is none, as after a
// restart).
func (s *Service) PDFState(ctx context.Context, u *storage.User, ref RoundRef) (*PDFStatus, error) {
	rd, err := s.Round(ctx, u, ref)
	if err != nil {
		return nil, err
	}
	if rd.Kept(storage.OutputOpinionPDF) != nil {
		return &PDFStatus{State: opinion.JobDone}, nil
	}
	if !rd.Current {
		return nil, rd.notKept(storage.OutputOpinionPDF)
	}
	tj, err := s.pdfJob(rd, false)
	if err != nil {
		return nil, err
	}
	job, kept := s.jobState(tj)
	if kept {
		return &PDFStatus{State: opinion.JobDone, Started: tj.started}, nil
	}
	st := &PDFStatus{State: job.State(), Started: tj.started}
	switch st.State {
	case opinion.JobFailed:
		st.Msg = errPDFFailed
	case opinion.JobDone:
		if b, err := job.Result(); err == nil {
			if _, _, err := s.keep(ctx, rd, storage.OutputOpinionPDF, b); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

// HasSuggested reports whether the round has a 修改建议稿: kept, or to be
// made from replacement wording the reviewer gave.
func (rd *Round) HasSuggested() bool {
	return rd.Kept(storage.OutputSuggested) != nil || rd.Current && HasSuggestedDraft(rd.findings)
}

// Wait waits for the background work of the service (PDFs being kept) to
// finish, at most until ctx is done: before the store closes at shutdown,
// and in tests before their directories are removed.
func (s *Service) Wait(ctx context.Context) {
	done := make(chan struct{})
	go func() { s.bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
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

func (rd *Round) comments() []annotate.Comment {
	var out []annotate.Comment
	for _, f := range rd.accepted() {
		out = append(out, annotate.Comment{Start: f.Start, End: f.End, Quote: f.Quote, Author: rd.Signoff.UserName,
			Text: commentText(f), Date: rd.Review.SignedAt})
	}
	return out
}

func (rd *Round) changes() []annotate.Change {
	var out []annotate.Change
	for _, f := range rd.accepted() {
		if f.Replacement != "" && f.Quote != "" {
			out = append(out, annotate.Change{Start: f.Start, End: f.End, Quote: f.Quote, Replacement: f.Replacement,
				Author: rd.Signoff.UserName, Date: rd.Review.SignedAt})
		}
	}
	return out
}

// annotated is the clerk's draft marked by the round: the 批注稿 (revise
// false) or the 修改建议稿 (revise true). A .docx draft keeps its own
// layout; other formats are rebuilt as a new .docx from the extracted text
// the findings' offsets index.
func (s *Service) annotated(rd *Round, revise bool) ([]byte, error) {
	var original []byte
	if rd.Version.Format == "docx" {
		f, err := s.Files.Open(rd.Version.FileSHA256)
		if err != nil {
			return nil, fmt.Errorf("open stored file %s: %w", rd.Version.FileSHA256, err)
		}
		defer f.Close()
		if original, err = io.ReadAll(f); err != nil {
			return nil, fmt.Errorf("read stored file %s: %w", rd.Version.FileSHA256, err)
		}
	}
	title, text := rd.Document.Title, rd.Review.Text
	var out []byte
	var err error
	switch {
	case revise && original != nil:
		out, err = annotate.SuggestedRevision(original, rd.changes())
	case revise:
		out, err = annotate.SuggestedRevisionText(title, text, rd.changes())
	case original != nil:
		out, err = annotate.Annotate(original, rd.comments())
	default:
		out, err = annotate.AnnotateText(title, text, rd.comments())
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
