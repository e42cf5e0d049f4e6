package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"lawreview/corpus/extract"
	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/review/precedent"
	"lawreview/web/auth"
	"lawreview/web/files"
	"lawreview/web/storage"
)

// Document types a user may choose: the engine's types and 其他; "" and
// "auto" let the engine detect.
var DocTypes = append(slices.Clone(review.Types), review.TypeOther)

func validType(t string) bool {
	return t == "" || t == "auto" || slices.Contains(DocTypes, t)
}

var allowedExt = map[string]bool{".docx": true, ".pdf": true, ".txt": true, ".md": true}

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
			return "", userErr(http.StatusBadRequest, "文件名含有控制字符或不可见字符，请重命名后再上传")
		}
	}
	name := filepath.Base(strings.ReplaceAll(raw, `\`, "/"))
	if len(name) > maxNameBytes {
		return "", userErr(http.StatusBadRequest, fmt.Sprintf("文件名过长（不超过 %d 字节，约 %d 个汉字），请重命名后再上传", maxNameBytes, maxNameBytes/3))
	}
	if name == "." || name == "/" || strings.TrimSpace(strings.TrimSuffix(name, filepath.Ext(name))) == "" && filepath.Ext(name) == "" {
		return "", userErr(http.StatusBadRequest, "文件名无效，请重命名后再上传")
	}
	if !allowedExt[strings.ToLower(filepath.Ext(name))] {
		return "", userErr(http.StatusUnsupportedMediaType, "不支持的文件类型。请上传 Word（.docx）、PDF、文本（.txt）或 Markdown（.md）文件")
	}
	return name, nil
}

// ---- login

// Login throttling. An account locks after a few failures from anywhere
// (guessing one password); an address locks only after many (trying many
// accounts), so that one person's typos lock that person's account and
// not the colleagues behind the same office router. Attempts refused by a
// lock are not counted: the 40 concurrent wrong passwords of issue 14
// counted 40 times against the address and then locked out every user
// behind it.
var (
	accountLimit = storage.LoginLimit{Max: 5, Window: 15 * time.Minute}
	addressLimit = storage.LoginLimit{Max: 30, Window: 15 * time.Minute}
)

// AccountKey and AddressKey are the throttle keys of an account and of a
// client address (lawreview user unlock clears them).
func AccountKey(username string) string { return "user:" + truncate(username, 200) }
func AddressKey(ip string) string       { return "ip:" + truncate(ip, 100) }

var errLoginBusy = userErr(http.StatusServiceUnavailable, "登录请求过多，请稍后再试")

// login checks a password. The attempt is counted against the account and
// the address before the password is hashed (storage.ReserveLogin, one
// transaction), so concurrent attempts cannot all slip under the limits,
// and hashing itself waits for one of a few slots (auth.withSlot).
func (s *Server) login(ctx context.Context, username, password, userAgent string) (*storage.User, string, *storage.Session, error) {
	username = strings.TrimSpace(username)
	ip := infoFrom(ctx).IP
	if username == "" || password == "" {
		return nil, "", nil, userErr(http.StatusBadRequest, "请输入用户名和密码")
	}
	acct, addr := accountLimit, addressLimit
	acct.Key, addr.Key = AccountKey(username), AddressKey(ip)
	leave, err := s.logins.enter(ctx, []string{acct.Key, addr.Key}, []int{gateAccount, gateAddress})
	if err != nil {
		return nil, "", nil, errLoginBusy
	}
	// The gate covers counting and checking only; the session is made
	// after it, so that logins to one account do not wait for the writes.
	var once sync.Once
	done := func() { once.Do(leave) }
	defer done()
	attempt, blocked, err := s.store.ReserveLogin(ctx, []storage.LoginLimit{acct, addr}, s.now())
	if err != nil {
		return nil, "", nil, err
	}
	if blocked != nil {
		done()
		mins := int(blocked.Until.Sub(s.now()).Minutes()) + 1
		s.audit(ctx, nil, "login_throttled", username, blocked.Limit.Key)
		msg := fmt.Sprintf("该账号登录失败次数过多，已暂时锁定，请 %d 分钟后再试，或请管理员解锁", mins)
		if blocked.Limit.Key == addr.Key {
			msg = fmt.Sprintf("本机登录失败次数过多，请 %d 分钟后再试", mins)
		}
		return nil, "", nil, userErr(http.StatusTooManyRequests, msg)
	}
	u, err := s.store.UserByName(ctx, username)
	ok := false
	switch {
	case err == nil:
		ok, err = auth.CheckPasswordContext(ctx, u.PasswordHash, password)
		ok = ok && !u.Disabled
	case errors.Is(err, storage.ErrNotFound):
		_, err = auth.CheckMissingUserContext(ctx, password)
	}
	if err != nil {
		// The password was never checked: the attempt counts for nothing.
		_ = s.store.ForgetLogin(context.WithoutCancel(ctx), attempt)
		if errors.Is(err, auth.ErrBusy) || ctx.Err() != nil {
			return nil, "", nil, errLoginBusy
		}
		return nil, "", nil, err
	}
	if !ok {
		done()
		s.audit(ctx, nil, "login_failed", username, "")
		return nil, "", nil, userErr(http.StatusUnauthorized, "用户名或密码错误")
	}
	if err := s.store.ForgetLogin(ctx, attempt, acct.Key); err != nil {
		return nil, "", nil, err
	}
	done()
	tok := auth.Token(32)
	now := s.now()
	se := &storage.Session{TokenHash: auth.HashToken(tok), UserID: u.ID, CSRFToken: auth.Token(32),
		CreatedAt: now, ExpiresAt: now.Add(s.cfg.SessionTTL), IP: ip, UserAgent: truncate(userAgent, 200)}
	if err := s.store.CreateSession(ctx, se); err != nil {
		return nil, "", nil, err
	}
	_ = s.store.TouchLogin(ctx, u.ID, now)
	s.sweepSessions(ctx, now)
	s.audit(ctx, u, "login", "", "")
	return u, tok, se, nil
}

// sweepSessions deletes expired sessions at most once a minute: at every
// login it was one more write for the database's single writer.
func (s *Server) sweepSessions(ctx context.Context, now time.Time) {
	last := s.lastSweep.Load()
	if now.Unix()-last < 60 || !s.lastSweep.CompareAndSwap(last, now.Unix()) {
		return
	}
	_ = s.store.DeleteExpiredSessions(ctx, now)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// ---- upload

// UploadInput is one uploaded draft (new document or new version).
type UploadInput struct {
	DocumentID  int64 // 0 for a new document
	Title       string
	Type        string
	TownshipID  int64 // 0 means the clerk's own
	MeetingDate string
	Note        string
	FileName    string
	File        io.Reader
}

// UploadResult says where the upload went.
type UploadResult struct {
	DocumentID int64  `json:"document_id"`
	VersionID  int64  `json:"version_id"`
	ReviewID   int64  `json:"review_id"`
	Type       string `json:"type"`
	Findings   int    `json:"findings"`
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, time.Local)
	if err != nil {
		return time.Time{}, userErr(http.StatusBadRequest, "审议会议日期格式应为 年-月-日，例如 2026-12-01")
	}
	return t, nil
}

// upload stages the file, extracts and reviews it, and stores everything in
// one transaction; on any failure no row and no file remain.
func (s *Server) upload(ctx context.Context, u *storage.User, in UploadInput) (*UploadResult, error) {
	if err := requireRole(u, storage.RoleClerk); err != nil {
		return nil, err
	}
	var doc *storage.Document
	if in.DocumentID != 0 {
		d, _, err := s.document(ctx, u, in.DocumentID, accessUpload)
		if err != nil {
			return nil, err
		}
		doc = d
	} else {
		if in.TownshipID != 0 && in.TownshipID != u.TownshipID {
			return nil, userErr(http.StatusForbidden, "经办人只能为本镇（街道）提交文件")
		}
		if u.TownshipID == 0 {
			return nil, userErr(http.StatusForbidden, "您的账号未分配镇（街道），请联系管理员")
		}
	}
	in.Title = strings.TrimSpace(in.Title)
	in.Type = strings.TrimSpace(in.Type)
	if !validType(in.Type) {
		return nil, userErr(http.StatusBadRequest, "文件类型无效，可选："+strings.Join(DocTypes, "、"))
	}
	meeting, err := parseDate(in.MeetingDate)
	if err != nil {
		return nil, err
	}
	if doc == nil && meeting.IsZero() {
		return nil, userErr(http.StatusBadRequest, "请填写审议会议日期")
	}
	if utf8.RuneCountInString(in.Title) > 200 || utf8.RuneCountInString(in.Note) > 2000 {
		return nil, userErr(http.StatusBadRequest, "标题不超过 200 字，备注不超过 2000 字")
	}
	if in.File == nil || in.FileName == "" {
		return nil, userErr(http.StatusBadRequest, "请选择要上传的文件")
	}
	name, err := uploadName(in.FileName)
	if err != nil {
		return nil, err
	}
	st, err := s.files.Stage(in.File, s.cfg.MaxUpload)
	if errors.Is(err, files.ErrTooLarge) {
		return nil, tooLarge(s.cfg.MaxUpload)
	}
	if err != nil {
		return nil, fmt.Errorf("stage upload: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			st.Discard()
		}
	}()
	release, err := s.heavy(ctx)
	if err != nil {
		return nil, err
	}
	var once sync.Once
	done := func() { once.Do(release) } // after the review: storing needs no slot
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
		return nil, userErr(http.StatusBadRequest, "请填写文件标题")
	}
	province, err := s.userProvince(ctx, u)
	if err != nil {
		return nil, err
	}
	rep, err := s.cfg.Engine.Review(ctx, ReviewInput{File: name, Title: title, Text: xd.Text, Type: in.Type, Paragraphs: xd.Paragraphs, Province: province})
	done()
	if err != nil {
		return nil, reviewError(name, err)
	}
	typ := rep.Type
	if typ == "" {
		typ = "其他"
	}
	up := &storage.NewUpload{
		Document: storage.Document{TownshipID: u.TownshipID, Title: title, Type: typ, MeetingDate: meeting, Note: in.Note, CreatedBy: u.ID},
		Version:  storage.Version{FileName: name, FileSHA256: st.SHA256, FileSize: st.Size, Format: xd.Format, Text: xd.Text, Note: in.Note, UploadedBy: u.ID},
		Review:   storage.Review{Type: typ, Text: rep.Text, Checklist: rep.Checklist},
	}
	if doc != nil {
		up.Document.ID = doc.ID
	}
	for _, f := range rep.Findings {
		up.Findings = append(up.Findings, storage.Finding{Origin: "engine", Rule: f.Rule, Item: f.Item, Severity: storage.Severity(f.Severity),
			Message: f.Message, Suggestion: f.Suggestion, Quote: f.Quote, Start: f.Start, End: f.End, Line: f.Line,
			Basis: f.Basis, Related: f.Related, Engine: &f})
	}
	docID, verID, revID, err := s.store.CreateUpload(ctx, up, st.Commit)
	if err != nil {
		return nil, err
	}
	committed = true
	action := "upload"
	if doc != nil {
		action = "upload_version"
	}
	s.audit(ctx, u, action, fmt.Sprintf("document:%d", docID), fmt.Sprintf("%d 字节，sha256 %s", st.Size, st.SHA256[:12]))
	return &UploadResult{DocumentID: docID, VersionID: verID, ReviewID: revID, Type: typ, Findings: len(rep.Findings)}, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func tooLarge(max int64) *Error {
	return userErr(http.StatusRequestEntityTooLarge, fmt.Sprintf("文件过大，最大允许 %d MB", max>>20))
}

// extractError maps extraction failures to statuses: the message from the
// extractor is already Chinese and meant for the user.
func extractError(err error) error {
	var xe *extract.Error
	if !errors.As(err, &xe) {
		return fmt.Errorf("extract: %w", err)
	}
	status := http.StatusUnprocessableEntity
	switch xe.Code {
	case extract.CodeTooLarge, extract.CodeZipBomb, extract.CodeTooLong:
		status = http.StatusRequestEntityTooLarge
	case extract.CodeUnsupported:
		status = http.StatusUnsupportedMediaType
	case extract.CodeInternal, extract.CodeRead:
		status = http.StatusInternalServerError
	}
	return &Error{Status: status, Msg: xe.Msg, Err: err}
}

// extractDraft extracts an uploaded draft within the server's limits and
// refuses content that is not what the file name says (extract.CheckName,
// which the command line applies too). Every route that reads a draft
// file goes through it.
func (s *Server) extractDraft(name string, data []byte) (*extract.Document, error) {
	xd, err := extract.Bytes(name, data, draftOptions(s.cfg.MaxUpload))
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

// reviewError maps the engine's refusal of a document over its work
// limits to 413 (too much text) or 422 (too many findings).
func reviewError(name string, err error) error {
	var le *review.LimitError
	if errors.As(err, &le) {
		status := http.StatusRequestEntityTooLarge
		if le.Limit == "findings" {
			status = http.StatusUnprocessableEntity
		}
		return &Error{Status: status, Msg: le.Msg, Err: err}
	}
	return fmt.Errorf("review %s: %w", name, err)
}

// detect extracts an upload without storing it and returns the title and
// the detected type, so that the upload form can prefill them.
func (s *Server) detect(ctx context.Context, u *storage.User, name string, r io.Reader) (title, typ string, err error) {
	if err := requireRole(u, storage.RoleClerk); err != nil {
		return "", "", err
	}
	name, err = uploadName(name)
	if err != nil {
		return "", "", err
	}
	data, err := io.ReadAll(io.LimitReader(r, s.cfg.MaxUpload+1))
	if err != nil {
		return "", "", err
	}
	if int64(len(data)) > s.cfg.MaxUpload {
		return "", "", tooLarge(s.cfg.MaxUpload)
	}
	release, err := s.heavy(ctx)
	if err != nil {
		return "", "", err
	}
	defer release()
	xd, err := s.extractDraft(name, data)
	if err != nil {
		return "", "", err
	}
	return xd.Title, s.cfg.Engine.DetectType(xd.Title, xd.Text), nil
}

// ---- findings

// FindingInput is a decision on one finding.
type FindingInput struct {
	Action     string            `json:"action" form:"action"` // accept, dismiss, edit, reopen
	Reason     string            `json:"reason" form:"reason"`
	Message    *string           `json:"message" form:"message"`
	Suggestion *string           `json:"suggestion" form:"suggestion"`
	Severity   *storage.Severity `json:"severity" form:"severity"`
	// Replacement is the exact wording proposed in place of the quote (not
	// advice: it goes into the 修改建议稿 as a tracked change); "" removes it.
	Replacement *string `json:"replacement" form:"replacement"`
}

var actionNames = map[string]string{"accept": "采纳", "dismiss": "不采纳", "edit": "修改措辞", "reopen": "撤销决定"}

func (s *Server) decideFinding(ctx context.Context, u *storage.User, reviewID, findingID int64, in FindingInput) error {
	r, _, _, err := s.reviewDoc(ctx, u, reviewID, accessReview)
	if err != nil {
		return err
	}
	if r.Status != storage.ReviewOpen {
		return errSigned
	}
	f, err := s.store.Finding(ctx, reviewID, findingID)
	if err != nil {
		return err
	}
	d := storage.FindingDecision{UserID: u.ID, At: s.now()}
	in.Reason = strings.TrimSpace(in.Reason)
	switch in.Action {
	case "accept":
		d.State = decision.FindingAccepted
	case "dismiss":
		if in.Reason == "" {
			return userErr(http.StatusBadRequest, "请填写不采纳的理由")
		}
		d.State, d.Reason = decision.FindingDismissed, in.Reason
	case "reopen":
		d.State = decision.FindingOpen
	case "edit":
		if in.Message == nil && in.Suggestion == nil && in.Severity == nil && in.Replacement == nil {
			return userErr(http.StatusBadRequest, "请填写修改后的意见")
		}
		if in.Message != nil {
			m := strings.TrimSpace(*in.Message)
			if m == "" {
				return userErr(http.StatusBadRequest, "意见内容不能为空")
			}
			d.Message = &m
		}
		if in.Suggestion != nil {
			sg := strings.TrimSpace(*in.Suggestion)
			d.Suggestion = &sg
		}
		if in.Replacement != nil {
			rp := strings.TrimSpace(*in.Replacement)
			if rp != "" && f.Quote == "" {
				return userErr(http.StatusBadRequest, "该意见没有引用原文，无法给出替换措辞")
			}
			d.Replacement = &rp
		}
		if in.Severity != nil && *in.Severity != "" {
			if !in.Severity.Valid() {
				return userErr(http.StatusBadRequest, "严重程度无效")
			}
			d.Severity = in.Severity
		}
	default:
		return userErr(http.StatusBadRequest, "操作无效，可选：accept（采纳）、dismiss（不采纳）、edit（修改措辞）、reopen（撤销决定）")
	}
	detail := fmt.Sprintf("%s意见 #%d「%s」", actionNames[in.Action], f.ID, truncate(f.Message, 60))
	if d.Message != nil && *d.Message != f.Message {
		detail += fmt.Sprintf("，意见改为「%s」", truncate(*d.Message, 80))
	}
	if d.Suggestion != nil && *d.Suggestion != f.Suggestion {
		detail += fmt.Sprintf("，修改建议改为「%s」", truncate(*d.Suggestion, 80))
	}
	if d.Replacement != nil && *d.Replacement != f.Replacement {
		if *d.Replacement == "" {
			detail += "，删除替换措辞"
		} else {
			detail += fmt.Sprintf("，替换措辞改为「%s」", truncate(*d.Replacement, 80))
		}
	}
	if d.Severity != nil && *d.Severity != f.Severity {
		detail += fmt.Sprintf("，严重程度 %s → %s", f.Severity.Label(), d.Severity.Label())
	}
	if d.Reason != "" {
		detail += "，理由：" + d.Reason
	}
	if err := s.store.DecideFinding(ctx, reviewID, findingID, d, detail); err != nil {
		if errors.Is(err, storage.ErrConflict) {
			return errSigned
		}
		return err
	}
	s.audit(ctx, u, "finding_"+in.Action, fmt.Sprintf("review:%d/finding:%d", reviewID, findingID), fmt.Sprintf("%s意见 #%d", actionNames[in.Action], f.ID))
	return nil
}

// NewFindingInput is a reviewer's own finding on selected text.
type NewFindingInput struct {
	Start      int              `json:"start" form:"start"`
	End        int              `json:"end" form:"end"`
	Severity   storage.Severity `json:"severity" form:"severity"`
	Item       string           `json:"item" form:"item"`
	Message    string           `json:"message" form:"message"`
	Suggestion string           `json:"suggestion" form:"suggestion"`
	// Replacement is the wording proposed in place of the selected text
	// (optional; see FindingInput.Replacement).
	Replacement string `json:"replacement" form:"replacement"`
}

func (s *Server) addFinding(ctx context.Context, u *storage.User, reviewID int64, in NewFindingInput) (int64, error) {
	r, _, _, err := s.reviewDoc(ctx, u, reviewID, accessReview)
	if err != nil {
		return 0, err
	}
	if r.Status != storage.ReviewOpen {
		return 0, errSigned
	}
	runes := []rune(r.Text)
	if in.Start < 0 || in.End <= in.Start || in.End > len(runes) {
		return 0, userErr(http.StatusBadRequest, "请先在正文中选中要提出意见的文字")
	}
	in.Message = strings.TrimSpace(in.Message)
	if in.Message == "" {
		return 0, userErr(http.StatusBadRequest, "请填写意见内容")
	}
	if in.Severity == "" {
		in.Severity = storage.SeverityWarning
	}
	if !in.Severity.Valid() {
		return 0, userErr(http.StatusBadRequest, "严重程度无效")
	}
	if strings.TrimSpace(in.Item) == "" {
		in.Item = "审查人意见"
	}
	f := &storage.Finding{ReviewID: reviewID, Origin: "manual", Rule: "manual", Item: strings.TrimSpace(in.Item), Severity: in.Severity,
		Message: in.Message, Suggestion: strings.TrimSpace(in.Suggestion), Replacement: strings.TrimSpace(in.Replacement), Quote: string(runes[in.Start:in.End]),
		Start: in.Start, End: in.End, Line: 1 + strings.Count(string(runes[:in.Start]), "\n"),
		State: decision.FindingAccepted, CreatedBy: u.ID, DecidedBy: u.ID}
	detail := fmt.Sprintf("新增意见「%s」于「%s」", truncate(f.Message, 60), truncate(f.Quote, 30))
	id, err := s.store.AddFinding(ctx, f, detail)
	if errors.Is(err, storage.ErrConflict) {
		return 0, errSigned
	}
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, "finding_add", fmt.Sprintf("review:%d/finding:%d", reviewID, id), fmt.Sprintf("新增意见 #%d", id))
	return id, nil
}

// ---- conclusion, sign-off, reopen

// ConclusionInput is the overall result of a review.
type ConclusionInput struct {
	RowVersion int64               `json:"row_version" form:"row_version"`
	Conclusion decision.Conclusion `json:"conclusion" form:"conclusion"`
	Opinion    string              `json:"opinion" form:"opinion"`
}

func (s *Server) saveConclusion(ctx context.Context, u *storage.User, reviewID int64, in ConclusionInput) (int64, error) {
	r, _, _, err := s.reviewDoc(ctx, u, reviewID, accessReview)
	if err != nil {
		return 0, err
	}
	if r.Status != storage.ReviewOpen {
		return 0, errSigned
	}
	if in.Conclusion != "" && !in.Conclusion.Valid() {
		return 0, userErr(http.StatusBadRequest, "审查结论无效，可选："+strings.Join(decision.ConclusionLabels(), "、"))
	}
	rv, err := s.store.SaveConclusion(ctx, reviewID, in.RowVersion, in.Conclusion, strings.TrimSpace(in.Opinion), u.ID, s.now())
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, "conclusion", fmt.Sprintf("review:%d", reviewID), in.Conclusion.Label())
	return rv, nil
}

func (s *Server) signoff(ctx context.Context, u *storage.User, reviewID int64, in ConclusionInput) (*storage.Signoff, error) {
	r, d, _, err := s.reviewDoc(ctx, u, reviewID, accessReview)
	if err != nil {
		return nil, err
	}
	if r.Status != storage.ReviewOpen {
		return nil, userErr(http.StatusConflict, "该审查已由"+r.SignerName+"签发，请刷新页面查看")
	}
	if !in.Conclusion.Valid() {
		return nil, userErr(http.StatusBadRequest, "请选择审查结论："+strings.Join(decision.ConclusionLabels(), "、"))
	}
	in.Opinion = strings.TrimSpace(in.Opinion)
	if in.Opinion == "" {
		return nil, userErr(http.StatusBadRequest, "请填写审查意见")
	}
	if d.LatestReviewID != r.ID { // fast answer; Signoff checks again inside its transaction
		return nil, errNewVersion
	}
	v, err := s.store.Version(ctx, r.VersionID)
	if err != nil {
		return nil, err
	}
	so := &storage.Signoff{UserID: u.ID, UserName: u.DisplayName, Conclusion: in.Conclusion, Opinion: in.Opinion, SHA256: v.FileSHA256, SignedAt: s.now(),
		Numbering: &opinion.Numbering{}}
	status := storage.DocSigned
	if in.Conclusion == decision.ConclusionReturned {
		status = storage.DocReturned
	}
	fs, err := s.store.Findings(ctx, reviewID)
	if err != nil {
		return nil, err
	}
	derived := storage.Derived{Precedents: precedent.FromReview(storage.SignedReview(d, r, so, fs)), From: fs}
	if err := s.store.Signoff(ctx, reviewID, in.RowVersion, so, status, derived); err != nil {
		if errors.Is(err, storage.ErrSuperseded) {
			return nil, errNewVersion
		}
		if errors.Is(err, storage.ErrConflict) {
			if cur, e := s.store.Review(ctx, reviewID); e == nil && cur.Status == storage.ReviewSigned {
				return nil, userErr(http.StatusConflict, fmt.Sprintf("该审查已由%s于 %s 签发，您的签发未生效", cur.SignerName, cur.SignedAt.Local().Format("2006-01-02 15:04")))
			}
			return nil, errStale
		}
		return nil, err
	}
	s.audit(ctx, u, "signoff", fmt.Sprintf("review:%d", reviewID), fmt.Sprintf("结论：%s；文件 sha256 %s", in.Conclusion, v.FileSHA256))
	s.indexSignoff(ctx, reviewID) // precedents searchable at once (precedents.go)
	return so, nil
}

func (s *Server) reopen(ctx context.Context, u *storage.User, reviewID int64, rowVersion int64, reason string) error {
	r, d, _, err := s.reviewDoc(ctx, u, reviewID, accessReview)
	if err != nil {
		return err
	}
	if r.Status != storage.ReviewSigned {
		return userErr(http.StatusConflict, "该审查尚未签发，无需重新打开")
	}
	if d.LatestReviewID != r.ID {
		return userErr(http.StatusConflict, "该文件已上传新版本，旧版本的审查不能重新打开")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return userErr(http.StatusBadRequest, "请填写重新打开的原因")
	}
	if err := s.store.Reopen(ctx, reviewID, rowVersion, u.ID, reason, s.now()); err != nil {
		if errors.Is(err, storage.ErrSuperseded) {
			return userErr(http.StatusConflict, "该文件已上传新版本，旧版本的审查不能重新打开")
		}
		return err
	}
	s.audit(ctx, u, "reopen", fmt.Sprintf("review:%d", reviewID), "")
	return nil
}

// ---- comments and advisers

func (s *Server) comment(ctx context.Context, u *storage.User, reviewID, findingID int64, body string) (int64, error) {
	if _, _, _, err := s.reviewDoc(ctx, u, reviewID, accessComment); err != nil {
		return 0, err
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return 0, userErr(http.StatusBadRequest, "请填写意见内容")
	}
	if utf8.RuneCountInString(body) > 5000 {
		return 0, userErr(http.StatusBadRequest, "意见不超过 5000 字")
	}
	if findingID != 0 {
		if _, err := s.store.Finding(ctx, reviewID, findingID); err != nil {
			return 0, err
		}
	}
	id, err := s.store.AddComment(ctx, &storage.Comment{ReviewID: reviewID, FindingID: findingID, UserID: u.ID, Body: body, CreatedAt: s.now()})
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, "comment", fmt.Sprintf("review:%d/comment:%d", reviewID, id), "")
	return id, nil
}

func (s *Server) assignAdviser(ctx context.Context, u *storage.User, reviewID, adviserID int64, remove bool) error {
	_, d, _, err := s.reviewDoc(ctx, u, reviewID, accessReview)
	if err != nil {
		return err
	}
	a, err := s.store.User(ctx, adviserID)
	if err != nil || a.Role != storage.RoleAdviser {
		return userErr(http.StatusBadRequest, "请选择一名法律顾问")
	}
	if remove {
		err = s.store.UnassignAdviser(ctx, d.ID, a.ID)
	} else {
		err = s.store.AssignAdviser(ctx, d.ID, a.ID)
	}
	if err != nil {
		return err
	}
	act := "adviser_assign"
	if remove {
		act = "adviser_unassign"
	}
	s.audit(ctx, u, act, fmt.Sprintf("document:%d", d.ID), a.DisplayName)
	return nil
}

// ---- account and administration

func (s *Server) changePassword(ctx context.Context, u *storage.User, old, new string) error {
	// The old password is guessed no faster here than at the login.
	acct := accountLimit
	acct.Key = AccountKey(u.Username)
	leave, err := s.logins.enter(ctx, []string{acct.Key}, []int{gateAccount})
	if err != nil {
		return errLoginBusy
	}
	defer leave()
	attempt, blocked, err := s.store.ReserveLogin(ctx, []storage.LoginLimit{acct}, s.now())
	if err != nil {
		return err
	}
	if blocked != nil {
		return userErr(http.StatusTooManyRequests, fmt.Sprintf("密码错误次数过多，请 %d 分钟后再试", int(blocked.Until.Sub(s.now()).Minutes())+1))
	}
	ok, err := auth.CheckPasswordContext(ctx, u.PasswordHash, old)
	if err != nil {
		_ = s.store.ForgetLogin(context.WithoutCancel(ctx), attempt)
		if errors.Is(err, auth.ErrBusy) || ctx.Err() != nil {
			return errLoginBusy
		}
		return err
	}
	if !ok {
		return userErr(http.StatusBadRequest, "原密码不正确")
	}
	if err := s.store.ForgetLogin(ctx, attempt); err != nil {
		return err
	}
	h, err := auth.HashPassword(new)
	if err != nil {
		return userErr(http.StatusBadRequest, err.Error())
	}
	if err := s.store.SetPassword(ctx, u.ID, h); err != nil {
		return err
	}
	s.audit(ctx, u, "password_change", fmt.Sprintf("user:%d", u.ID), "")
	return nil
}

func (s *Server) createOffice(ctx context.Context, u *storage.User, name, province string) (int64, error) {
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		return 0, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, userErr(http.StatusBadRequest, "请填写司法所名称")
	}
	province, err := checkProvince(province)
	if err != nil {
		return 0, err
	}
	id, err := s.store.CreateOffice(ctx, name)
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, userErr(http.StatusConflict, "司法所「"+name+"」已存在")
	}
	if err != nil {
		return 0, err
	}
	if province != "" {
		if err := s.store.SetOfficeProvince(ctx, id, province); err != nil {
			return 0, err
		}
	}
	s.audit(ctx, u, "office_create", fmt.Sprintf("office:%d", id), name+" "+province)
	return id, nil
}

// setOfficeProvince sets the province an office works in ("" = none).
func (s *Server) setOfficeProvince(ctx context.Context, u *storage.User, officeID int64, province string) error {
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		return err
	}
	province, err := checkProvince(province)
	if err != nil {
		return err
	}
	if err := s.store.SetOfficeProvince(ctx, officeID, province); err != nil {
		if errors.Is(err, storage.ErrNotFound) {
			return userErr(http.StatusNotFound, "没有这个司法所")
		}
		return err
	}
	s.audit(ctx, u, "office_province", fmt.Sprintf("office:%d", officeID), province)
	return nil
}

// checkProvince trims a province's name and refuses what cannot be one.
func checkProvince(p string) (string, error) {
	p = strings.TrimSpace(p)
	if n := utf8.RuneCountInString(p); n > 12 || strings.ContainsAny(p, "<>&\"'/\\") {
		return "", userErr(http.StatusBadRequest, "省份名称不正确，例如：浙江")
	}
	return p, nil
}

func (s *Server) createTownship(ctx context.Context, u *storage.User, name string, officeID int64) (int64, error) {
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		return 0, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, userErr(http.StatusBadRequest, "请填写镇（街道）名称")
	}
	if officeID != 0 {
		if err := s.officeExists(ctx, officeID); err != nil {
			return 0, err
		}
	}
	id, err := s.store.CreateTownship(ctx, name, officeID)
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, userErr(http.StatusConflict, "镇（街道）「"+name+"」已存在")
	}
	if err != nil {
		return 0, err
	}
	s.audit(ctx, u, "township_create", fmt.Sprintf("township:%d", id), name)
	return id, nil
}

// moveTownship assigns a township to another office (0: none). Its
// documents move with it: the new office's reviewers see them.
func (s *Server) moveTownship(ctx context.Context, u *storage.User, townshipID, officeID int64) error {
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		return err
	}
	t, err := s.store.Township(ctx, townshipID)
	if err != nil {
		return err
	}
	if officeID != 0 {
		if err := s.officeExists(ctx, officeID); err != nil {
			return err
		}
	}
	if err := s.store.SetTownshipOffice(ctx, townshipID, officeID); err != nil {
		return err
	}
	s.audit(ctx, u, "township_move", fmt.Sprintf("township:%d", townshipID), fmt.Sprintf("%s：司法所 %d → %d", t.Name, t.OfficeID, officeID))
	return nil
}

func (s *Server) officeExists(ctx context.Context, id int64) error {
	offices, err := s.store.ListOffices(ctx)
	if err != nil {
		return err
	}
	for _, o := range offices {
		if o.ID == id {
			return nil
		}
	}
	return userErr(http.StatusBadRequest, "司法所不存在")
}

// UserInput creates or changes an account.
type UserInput struct {
	Username      string       `json:"username" form:"username"`
	DisplayName   string       `json:"display_name" form:"display_name"`
	Role          storage.Role `json:"role" form:"role"`
	TownshipID    int64        `json:"township_id" form:"township_id"`
	OfficeID      int64        `json:"office_id" form:"office_id"`
	Password      string       `json:"password" form:"password"` // empty: generate one
	Disabled      bool         `json:"disabled" form:"disabled"`
	ResetPassword bool         `json:"reset_password" form:"reset_password"`
}

// CreateUser validates and creates an account; it returns the password
// (generated when none was given) so that it can be shown once. Also used
// by `lawreview user add`.
func CreateUser(ctx context.Context, st storage.Store, in UserInput) (int64, string, error) {
	in.Username = strings.TrimSpace(in.Username)
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if in.Username == "" || strings.ContainsAny(in.Username, " \t\r\n/") || utf8.RuneCountInString(in.Username) > 64 {
		return 0, "", userErr(http.StatusBadRequest, "用户名不能为空，不能含空格或斜杠，不超过 64 个字符")
	}
	if in.DisplayName == "" {
		in.DisplayName = in.Username
	}
	if !in.Role.Valid() {
		var roles []string
		for _, r := range storage.Roles {
			roles = append(roles, string(r)+"（"+r.Label()+"）")
		}
		return 0, "", userErr(http.StatusBadRequest, "角色无效，可选："+strings.Join(roles, "、"))
	}
	if err := checkRolePlace(ctx, st, &in); err != nil {
		return 0, "", err
	}
	pw := in.Password
	if pw == "" {
		pw = auth.GeneratePassword()
	}
	h, err := auth.HashPassword(pw)
	if err != nil {
		return 0, "", userErr(http.StatusBadRequest, err.Error())
	}
	id, err := st.CreateUser(ctx, &storage.User{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role,
		TownshipID: in.TownshipID, OfficeID: in.OfficeID, PasswordHash: h})
	if errors.Is(err, storage.ErrDuplicate) {
		return 0, "", userErr(http.StatusConflict, "用户名「"+in.Username+"」已被使用")
	}
	if err != nil {
		return 0, "", err
	}
	return id, pw, nil
}

// checkRolePlace enforces that a clerk belongs to a township and a reviewer
// to an office, and clears the place fields other roles do not use.
func checkRolePlace(ctx context.Context, st storage.Store, in *UserInput) error {
	switch in.Role {
	case storage.RoleClerk:
		in.OfficeID = 0
		if in.TownshipID == 0 {
			return userErr(http.StatusBadRequest, "经办人必须属于一个镇（街道）")
		}
		if _, err := st.Township(ctx, in.TownshipID); err != nil {
			return userErr(http.StatusBadRequest, "镇（街道）不存在")
		}
	case storage.RoleReviewer:
		in.TownshipID = 0
		if in.OfficeID == 0 {
			return userErr(http.StatusBadRequest, "审查人必须属于一个司法所")
		}
		offices, err := st.ListOffices(ctx)
		if err != nil {
			return err
		}
		found := false
		for _, o := range offices {
			found = found || o.ID == in.OfficeID
		}
		if !found {
			return userErr(http.StatusBadRequest, "司法所不存在")
		}
	default:
		in.TownshipID, in.OfficeID = 0, 0
	}
	return nil
}

func (s *Server) createUser(ctx context.Context, u *storage.User, in UserInput) (int64, string, error) {
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		return 0, "", err
	}
	id, pw, err := CreateUser(ctx, s.store, in)
	if err != nil {
		return 0, "", err
	}
	s.audit(ctx, u, "user_create", fmt.Sprintf("user:%d", id), fmt.Sprintf("%s（%s）", in.Username, in.Role.Label()))
	return id, pw, nil
}

// updateUser changes role, place or disabled state, and optionally resets
// the password (returned once).
func (s *Server) updateUser(ctx context.Context, u *storage.User, id int64, in UserInput) (string, error) {
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		return "", err
	}
	target, err := s.store.User(ctx, id)
	if err != nil {
		return "", err
	}
	if target.ID == u.ID && (in.Disabled || in.Role != storage.RoleAdmin) {
		return "", userErr(http.StatusBadRequest, "不能停用自己的账号或取消自己的管理员角色")
	}
	if !in.Role.Valid() {
		return "", userErr(http.StatusBadRequest, "角色无效")
	}
	if err := checkRolePlace(ctx, s.store, &in); err != nil {
		return "", err
	}
	if dn := strings.TrimSpace(in.DisplayName); dn != "" {
		target.DisplayName = dn
	}
	target.Role, target.TownshipID, target.OfficeID, target.Disabled = in.Role, in.TownshipID, in.OfficeID, in.Disabled
	if err := s.store.UpdateUser(ctx, target); err != nil {
		return "", err
	}
	pw := ""
	if in.ResetPassword {
		pw = auth.GeneratePassword()
		h, err := auth.HashPassword(pw)
		if err != nil {
			return "", err
		}
		if err := s.store.SetPassword(ctx, id, h); err != nil {
			return "", err
		}
	}
	s.audit(ctx, u, "user_update", fmt.Sprintf("user:%d", id), fmt.Sprintf("%s：%s，停用=%v，重置密码=%v", target.Username, in.Role.Label(), in.Disabled, in.ResetPassword))
	return pw, nil
}
