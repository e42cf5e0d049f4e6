package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"lawreview/corpus/extract"
	"lawreview/review"
	"lawreview/web/files"
	"lawreview/web/storage"
)

// DocTypes are the document types a user may choose: the engine's types
// and 其他; "" and "auto" let the engine detect.
var DocTypes = append(slices.Clone(review.Types), review.TypeOther)

func validType(t string) bool {
	return t == "" || t == "auto" || slices.Contains(DocTypes, t)
}

func invalidType() *Error {
	return fail(Invalid, "文件类型无效，可选："+strings.Join(DocTypes, "、"))
}

var allowedExt = map[string]bool{".docx": true, ".pdf": true, ".txt": true, ".md": true}

// officeExt are the Word 97-2003 and WPS files read through LibreOffice
// (corpus/extract converts them to .docx).
var officeExt = map[string]bool{".doc": true, ".wps": true}

// noSoffice is the answer to a .doc or .wps upload where LibreOffice is
// not installed.
var noSoffice = fail(Unsupported, "本机未安装 LibreOffice，无法读取 Word 97-2003（.doc）或 WPS（.wps）文件。请在 Word 或 WPS 中另存为 .docx 后上传，或请管理员安装 LibreOffice")

// SofficeAvailable reports whether .doc and .wps uploads can be read.
func (s *Service) SofficeAvailable() bool { return s.sofficePath() != "" }

func (s *Service) sofficePath() string {
	if s.Soffice != "" {
		p, _ := exec.LookPath(s.Soffice)
		return p
	}
	for _, n := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

// UploadTypes are the file types an upload form accepts (its accept
// attribute) and how the form names them.
func (s *Service) UploadTypes() (accept, names string) {
	if s.SofficeAvailable() {
		return ".docx,.doc,.wps,.pdf,.txt,.md", "Word（.docx、.doc）、WPS（.wps）、PDF、文本（.txt）或 Markdown（.md）"
	}
	return ".docx,.pdf,.txt,.md", "Word（.docx）、PDF、文本（.txt）或 Markdown（.md）"
}

// maxNameBytes bounds a stored file name (most file systems allow 255).
const maxNameBytes = 255

// uploadName is the name an uploaded file is stored and offered under:
// its last path element (browsers on Windows may send C:\...\草案.docx),
// without control or bidirectional-override characters, which would
// otherwise reach headers, logs and the download's name (a NUL once got
// the misleading answer "不支持的文件类型"), and with a supported extension.
func uploadName(raw string) (string, error) {
	for _, r := range raw {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			return "", fail(Invalid, "文件名含有控制字符或不可见字符，请重命名后再上传")
		}
	}
	name := filepath.Base(strings.ReplaceAll(raw, `\`, "/"))
	if len(name) > maxNameBytes {
		return "", fail(Invalid, fmt.Sprintf("文件名过长（不超过 %d 字节，约 %d 个汉字），请重命名后再上传", maxNameBytes, maxNameBytes/3))
	}
	if name == "." || name == "/" || strings.TrimSpace(strings.TrimSuffix(name, filepath.Ext(name))) == "" && filepath.Ext(name) == "" {
		return "", fail(Invalid, "文件名无效，请重命名后再上传")
	}
	if ext := strings.ToLower(filepath.Ext(name)); !allowedExt[ext] && !officeExt[ext] {
		return "", fail(Unsupported, "不支持的文件类型。请上传 Word（.docx、.doc）、WPS（.wps）、PDF、文本（.txt）或 Markdown（.md）文件")
	}
	return name, nil
}

// draftName is uploadName for a draft this service will read: a .doc or
// .wps only where LibreOffice is installed.
func (s *Service) draftName(raw string) (string, error) {
	name, err := uploadName(raw)
	if err != nil {
		return "", err
	}
	if officeExt[strings.ToLower(filepath.Ext(name))] && !s.SofficeAvailable() {
		return "", noSoffice
	}
	return name, nil
}

// UploadInput is one uploaded draft (a new document or a new version).
type UploadInput struct {
	Title       string
	Type        string
	TownshipID  int64 // 0 means the clerk's own
	MeetingDate string
	// ConfirmPastMeeting confirms a meeting date before today (a slip of
	// the year is the common mistake); without it such a date is refused.
	ConfirmPastMeeting bool
	Note               string
	FileName           string
	File               io.Reader
	// AskType holds a new document instead of storing it when the clerk
	// has not seen the detected type: Type is auto or differs from it (a
	// page form posted before the detection was shown). The clerk then
	// confirms or changes the type (ConfirmUpload). Programs leave it
	// false: their explicit type, or the detected one, is stored at once.
	AskType bool
}

// Uploaded says where an upload went.
type Uploaded struct {
	DocumentID int64
	VersionID  int64
	ReviewID   int64
	Type       string
	Findings   int
	// DetectedType is the type detection gives the draft; LikelyType and
	// Notices are the report's (a draft reviewed as 其他 says so).
	DetectedType string
	LikelyType   string
	Notices      []string
	// Held, when set, is an upload waiting for the clerk to confirm its
	// type (UploadInput.AskType): nothing was stored.
	Held *HeldUpload
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, fail(Invalid, "审议会议日期格式应为 年-月-日，例如 2026-12-01")
	}
	return t, nil
}

// Upload submits a new document of the clerk's township.
func (s *Service) Upload(ctx context.Context, u *storage.User, in UploadInput) (*Uploaded, error) {
	if err := s.requireOwnTownship(u, in.TownshipID); err != nil {
		return nil, err
	}
	return s.upload(ctx, u, nil, in)
}

func (s *Service) requireOwnTownship(u *storage.User, townshipID int64) error {
	if err := RequireRole(u, storage.RoleClerk); err != nil {
		return err
	}
	if townshipID != 0 && townshipID != u.TownshipID {
		return fail(Forbidden, "经办人只能为本镇（街道）提交文件")
	}
	if u.TownshipID == 0 {
		return fail(Forbidden, "您的账号未分配镇（街道），请联系管理员")
	}
	return nil
}

// AddVersion submits a new version of a document; the new version gets a
// new review and the document is pending again.
func (s *Service) AddVersion(ctx context.Context, u *storage.User, docID int64, in UploadInput) (*Uploaded, error) {
	if err := RequireRole(u, storage.RoleClerk); err != nil {
		return nil, err
	}
	d, _, err := s.Document(ctx, u, docID, AccessUpload)
	if err != nil {
		return nil, err
	}
	in.AskType = false // the document's type was confirmed with its first version
	return s.upload(ctx, u, d, in)
}

// checkUpload trims and checks the fields of an upload other than the file.
func (s *Service) checkUpload(doc *storage.Document, in *UploadInput) (meeting time.Time, err error) {
	in.Title = strings.TrimSpace(in.Title)
	in.Type = strings.TrimSpace(in.Type)
	if !validType(in.Type) {
		return meeting, invalidType()
	}
	if meeting, err = parseDate(in.MeetingDate); err != nil {
		return meeting, err
	}
	if doc == nil && meeting.IsZero() {
		return meeting, fail(Invalid, "请填写审议会议日期")
	}
	if doc == nil && meeting.Before(s.Today()) && !in.ConfirmPastMeeting {
		return meeting, &Error{Kind: Unprocessable, Msg: PastMeetingMsg(meeting), Err: ErrPastMeeting}
	}
	if utf8.RuneCountInString(in.Title) > 200 || utf8.RuneCountInString(in.Note) > 2000 {
		return meeting, fail(Invalid, "标题不超过 200 字，备注不超过 2000 字")
	}
	return meeting, nil
}

// upload stages the file, extracts and reviews it, and stores everything in
// one transaction; on any failure no row and no file remain. An upload the
// clerk must confirm (AskType) is held instead.
func (s *Service) upload(ctx context.Context, u *storage.User, doc *storage.Document, in UploadInput) (*Uploaded, error) {
	if _, err := s.checkUpload(doc, &in); err != nil {
		return nil, err
	}
	if in.File == nil || in.FileName == "" {
		return nil, fail(Invalid, "请选择要上传的文件")
	}
	name, err := s.draftName(in.FileName)
	if err != nil {
		return nil, err
	}
	st, err := s.Files.Stage(in.File, s.MaxUpload)
	if errors.Is(err, files.ErrTooLarge) {
		return nil, TooLargeFile(s.MaxUpload)
	}
	if err != nil {
		return nil, fmt.Errorf("stage upload: %w", err)
	}
	kept := false
	defer func() {
		if !kept {
			st.Discard()
		}
	}()
	done, err := s.heavyOnce(ctx) // given back after the review: storing needs no slot
	if err != nil {
		return nil, err
	}
	defer done()
	data, err := st.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read staged upload: %w", err)
	}
	xd, err := s.extractDraft(name, data)
	if err != nil {
		return nil, err
	}
	title := in.Title
	if title == "" && doc != nil {
		title = doc.Title
	}
	if title == "" {
		title = strings.TrimSpace(xd.Title)
	}
	if title == "" {
		return nil, fail(Invalid, "请填写文件标题")
	}
	detected := s.Engine.DetectType(title, xd.Text)
	if in.AskType && doc == nil && (in.Type == "" || in.Type == "auto" || in.Type != detected) {
		h := s.held.put(u, &hold{staged: st, name: name, xd: xd,
			HeldUpload: HeldUpload{Title: title, DetectedType: detected, LikelyType: s.Engine.LikelyType(title, xd.Text)}}, in, s.now())
		kept = true
		return &Uploaded{Held: h, DetectedType: detected, LikelyType: h.LikelyType, Notices: h.Notices}, nil
	}
	res, err := s.store(ctx, u, doc, in, st, name, xd, title, detected, done)
	if err != nil {
		return nil, err
	}
	kept = true
	return res, nil
}

// store reviews an extracted upload and stores it with its review in one
// transaction; done gives back the slot of heavy work after the review.
// On failure the caller discards the staged file.
func (s *Service) store(ctx context.Context, u *storage.User, doc *storage.Document, in UploadInput, st *files.Staged, name string,
	xd *extract.Document, title, detected string, done func()) (*Uploaded, error) {
	meeting, err := s.checkUpload(doc, &in)
	if err != nil {
		return nil, err
	}
	province, err := s.UserProvince(ctx, u)
	if err != nil {
		return nil, err
	}
	rep, err := s.Engine.Review(ctx, ReviewInput{File: name, Title: title, Text: xd.Text, Type: in.Type, Paragraphs: xd.Paragraphs, Province: province,
		Precedents: s.reviewFinder(ctx, u)})
	done()
	if err != nil {
		return nil, ReviewError(name, err)
	}
	typ := rep.Type
	if typ == "" {
		typ = review.TypeOther
	}
	up := &storage.NewUpload{At: s.now(),
		Document: storage.Document{TownshipID: u.TownshipID, Title: title, Type: typ, MeetingDate: meeting, Note: in.Note, CreatedBy: u.ID},
		Version:  storage.Version{FileName: name, FileSHA256: st.SHA256, FileSize: st.Size, Format: xd.Format, Text: xd.Text, Note: in.Note, UploadedBy: u.ID},
		Review: storage.Review{Type: typ, Text: rep.Text, Checklist: rep.Checklist, DetectedType: detected, Notices: rep.Notices,
			LikelyType: rep.LikelyType},
	}
	if doc != nil {
		up.Document.ID = doc.ID
	}
	for _, f := range rep.Findings {
		up.Findings = append(up.Findings, engineFinding(f))
	}
	docID, verID, revID, err := s.Store.CreateUpload(ctx, up, st.Commit)
	if err != nil {
		return nil, err
	}
	action := storage.AuditUpload
	if doc != nil {
		action = storage.AuditUploadVersion
	}
	detail := fmt.Sprintf("%d 字节，sha256 %s，类型：%s", st.Size, st.SHA256[:12], typ)
	if detected != typ {
		detail += "（系统识别为" + detected + "）"
	}
	s.audit(ctx, u, action, fmt.Sprintf("document:%d", docID), detail)
	return &Uploaded{DocumentID: docID, VersionID: verID, ReviewID: revID, Type: typ, Findings: len(rep.Findings),
		DetectedType: detected, LikelyType: rep.LikelyType, Notices: rep.Notices}, nil
}

// engineFinding is a finding of the engine as stored: open, with the
// engine's whole finding kept.
func engineFinding(f review.Finding) storage.Finding {
	return storage.Finding{Origin: "engine", Rule: f.Rule, Item: f.Item, Severity: f.Severity,
		Message: f.Message, Suggestion: f.Suggestion, Quote: f.Quote, Start: f.Start, End: f.End, Line: f.Line,
		Basis: f.Basis, Related: f.Related, Engine: &f}
}

// TooLargeFile is the error of a file over the upload limit.
func TooLargeFile(max int64) *Error {
	return fail(TooLarge, fmt.Sprintf("文件过大，最大允许 %d MB", max>>20))
}

// extractError gives extraction failures their kind: the message from the
// extractor is already Chinese and meant for the user.
func extractError(err error) error {
	var xe *extract.Error
	if !errors.As(err, &xe) {
		return fmt.Errorf("extract: %w", err)
	}
	kind := Unprocessable
	switch xe.Code {
	case extract.CodeTooLarge, extract.CodeZipBomb, extract.CodeTooLong:
		kind = TooLarge
	case extract.CodeUnsupported:
		kind = Unsupported
	case extract.CodeInternal, extract.CodeRead:
		kind = Internal
	}
	return &Error{Kind: kind, Msg: xe.Msg, Err: err}
}

// ErrPastMeeting marks the refusal of a meeting date before today that
// was not confirmed.
var ErrPastMeeting = errors.New("meeting date in the past, not confirmed")

// PastMeetingMsg asks to confirm a meeting date before today.
func PastMeetingMsg(meeting time.Time) string {
	return fmt.Sprintf("审议会议日期 %s 早于今天。如日期无误（会议已经召开），请勾选“确认会议日期无误”后重新提交；如有误请改正", meeting.Format("2006-01-02"))
}

// extractDraft is ExtractDraft with this service's LibreOffice.
func (s *Service) extractDraft(name string, data []byte) (*extract.Document, error) {
	return extractDraft(name, data, s.MaxUpload, s.Soffice)
}

// ExtractDraft extracts an uploaded draft within the limits of an upload
// of maxBytes and refuses content that is not what the file name says
// (extract.CheckName, which the command line applies too). Every
// operation that reads a draft file goes through it.
func ExtractDraft(name string, data []byte, maxBytes int64) (*extract.Document, error) {
	return extractDraft(name, data, maxBytes, "")
}

func extractDraft(name string, data []byte, maxBytes int64, soffice string) (*extract.Document, error) {
	opt := draftOptions(maxBytes)
	opt.Soffice = soffice
	xd, err := extract.Bytes(name, data, opt)
	if err != nil {
		return nil, extractError(err)
	}
	if err := extract.CheckName(name, xd.Format); err != nil {
		return nil, extractError(err)
	}
	return xd, nil
}

// draftOptions stops extracting a draft where the review would refuse it
// anyway (review.DefaultLimits), so that an oversize file costs no more.
func draftOptions(maxBytes int64) extract.Options {
	return extract.Options{MaxBytes: maxBytes, MaxChars: review.DefaultLimits.MaxChars, MaxParagraphs: review.DefaultLimits.MaxParagraphs}
}

// ReviewError gives the engine's refusal of a document over its work
// limits its kind: TooLarge (too much text) or Unprocessable (too many
// findings).
func ReviewError(name string, err error) error {
	var le *review.LimitError
	if errors.As(err, &le) {
		kind := TooLarge
		if le.Limit == "findings" {
			kind = Unprocessable
		}
		return &Error{Kind: kind, Msg: le.Msg, Err: err}
	}
	return fmt.Errorf("review %s: %w", name, err)
}

// Detection is what the upload form shows the clerk before the draft is
// stored: the title found in the file and the type detected, and for a
// draft whose type cannot be determined (其他) the type its wording points
// to and the notice its review will carry.
type Detection struct {
	Title      string
	Type       string
	LikelyType string
	Notices    []string
}

// Uncertain reports whether the type could not be determined: the review
// then runs every type's rules whose wording applies.
func (d *Detection) Uncertain() bool { return d.Type == review.TypeOther }

func detection(e Engine, title, text string) *Detection {
	d := &Detection{Title: title, Type: e.DetectType(title, text)}
	if d.Uncertain() {
		d.LikelyType = e.LikelyType(title, text)
		d.Notices = []string{review.NoticeAllRules}
	}
	return d
}

// Detect extracts an upload without storing it and says what the upload
// form should show about its type.
func (s *Service) Detect(ctx context.Context, u *storage.User, name string, r io.Reader) (*Detection, error) {
	if err := RequireRole(u, storage.RoleClerk); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, fail(Invalid, "请选择要上传的文件")
	}
	name, err := s.draftName(name)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, s.MaxUpload+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > s.MaxUpload {
		return nil, TooLargeFile(s.MaxUpload)
	}
	release, err := s.heavy(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	xd, err := s.extractDraft(name, data)
	if err != nil {
		return nil, err
	}
	return detection(s.Engine, xd.Title, xd.Text), nil
}

// Documents lists what the user may see.
func (s *Service) Documents(ctx context.Context, u *storage.User) ([]storage.Document, error) {
	f := storage.DocFilter{Limit: 500}
	switch u.Role {
	case storage.RoleClerk:
		if u.TownshipID == 0 {
			return nil, nil
		}
		f.TownshipID = u.TownshipID
	case storage.RoleReviewer:
		if u.OfficeID == 0 {
			return nil, nil
		}
		f.OfficeID = u.OfficeID
	case storage.RoleAdviser:
		f.AdviserID = u.ID
	default:
		return nil, ErrForbidden
	}
	return s.Store.ListDocuments(ctx, f)
}

// Queue is the reviewer's work: pending drafts of the office's townships
// by meeting date.
func (s *Service) Queue(ctx context.Context, u *storage.User) ([]storage.Document, error) {
	if err := RequireRole(u, storage.RoleReviewer); err != nil {
		return nil, err
	}
	if u.OfficeID == 0 {
		return nil, nil
	}
	return s.Store.ListDocuments(ctx, storage.DocFilter{OfficeID: u.OfficeID, Status: []storage.DocStatus{storage.DocPending}, OrderByMeeting: true, Limit: 500})
}

// DocumentVersion is one version of a document with its review and the
// review's signed rounds (oldest first) with their kept files.
type DocumentVersion struct {
	storage.Version
	Review *storage.Review // nil when it has none
	Rounds []Round
}

// Versions lists the versions of a document the user may read, in order,
// with their reviews.
func (s *Service) Versions(ctx context.Context, u *storage.User, docID int64) (*storage.Document, Access, []DocumentVersion, error) {
	d, a, err := s.Document(ctx, u, docID, AccessRead)
	if err != nil {
		return nil, a, nil, err
	}
	vs, err := s.Store.Versions(ctx, d.ID)
	if err != nil {
		return nil, a, nil, err
	}
	out := make([]DocumentVersion, 0, len(vs))
	for _, v := range vs {
		dv := DocumentVersion{Version: v}
		r, err := s.Store.ReviewByVersion(ctx, v.ID)
		if err == nil {
			dv.Review = r
			if dv.Rounds, err = s.rounds(ctx, r); err != nil {
				return nil, a, nil, err
			}
		}
		out = append(out, dv)
	}
	return d, a, out, nil
}

// OriginalFile opens the uploaded file of a version for download; the
// download is audited.
func (s *Service) OriginalFile(ctx context.Context, u *storage.User, docID, versionID int64) (io.ReadCloser, *storage.Version, error) {
	d, _, err := s.Document(ctx, u, docID, AccessRead)
	if err != nil {
		return nil, nil, err
	}
	v, err := s.Store.Version(ctx, versionID)
	if err != nil || v.DocumentID != d.ID {
		return nil, nil, ErrNotFound
	}
	f, err := s.Files.Open(v.FileSHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("open stored file %s: %w", v.FileSHA256, err)
	}
	s.audit(ctx, u, storage.AuditFileDownload, fmt.Sprintf("document:%d/version:%d", d.ID, v.Number), fmt.Sprintf("第 %d 版", v.Number))
	return f, v, nil
}
