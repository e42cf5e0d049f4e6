package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/review/decision"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// Documents: the lists, the upload of a draft and of its new versions,
// the document page, and the files a signed review hands out.

// UploadResult is the answer of an upload: where it went.
type UploadResult struct {
	DocumentID int64  `json:"document_id"`
	VersionID  int64  `json:"version_id"`
	ReviewID   int64  `json:"review_id"`
	Type       string `json:"type"`
	Findings   int    `json:"findings"`
	// DetectedType is the type detection gives the draft, whatever type
	// was asked for; LikelyType and Notices are the review's (a draft of
	// undetermined type is checked by every type's rules and says so).
	DetectedType string   `json:"detected_type"`
	LikelyType   string   `json:"likely_type,omitempty"`
	Notices      []string `json:"notices,omitempty"`
}

func uploadResult(u *workflow.Uploaded) UploadResult {
	return UploadResult{DocumentID: u.DocumentID, VersionID: u.VersionID, ReviewID: u.ReviewID, Type: u.Type, Findings: u.Findings,
		DetectedType: u.DetectedType, LikelyType: u.LikelyType, Notices: u.Notices}
}

func (s *Server) today() time.Time { return s.flow.Today() }

// daysLeft is the number of days from today until the meeting (negative
// when it is past); ok is false when the date is unknown.
func daysLeft(meeting, today time.Time) (int, bool) {
	if meeting.IsZero() {
		return 0, false
	}
	m := time.Date(meeting.Year(), meeting.Month(), meeting.Day(), 0, 0, 0, 0, time.Local)
	return int(m.Sub(today).Hours() / 24), true
}

func (s *Server) home(c *gin.Context) {
	switch currentUser(c).Role {
	case storage.RoleReviewer:
		c.Redirect(http.StatusSeeOther, "/queue")
	case storage.RoleAdmin:
		c.Redirect(http.StatusSeeOther, "/admin")
	case storage.RoleBureau:
		c.Redirect(http.StatusSeeOther, "/stats")
	default:
		c.Redirect(http.StatusSeeOther, "/documents")
	}
}

func (s *Server) documentsPage(c *gin.Context) {
	u := currentUser(c)
	docs, err := s.flow.Documents(c.Request.Context(), u)
	if err != nil {
		s.fail(c, err)
		return
	}
	title := "我的提交"
	switch u.Role {
	case storage.RoleReviewer:
		title = "全部文件"
	case storage.RoleAdviser:
		title = "分配给我的审查"
	}
	s.render(c, http.StatusOK, "documents", gin.H{"Title": title, "Docs": docs, "Today": s.today()})
}

func (s *Server) apiDocuments(c *gin.Context) {
	docs, err := s.flow.Documents(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for i := range docs {
		out = append(out, docJSON(&docs[i]))
	}
	c.JSON(http.StatusOK, gin.H{"documents": out})
}

func docJSON(d *storage.Document) gin.H {
	h := gin.H{"id": d.ID, "title": d.Title, "type": d.Type, "township_id": d.TownshipID, "township": d.TownshipName,
		"status": d.Status, "status_name": d.Status.Label(), "note": d.Note, "created_by": d.CreatorName, "created_at": d.CreatedAt,
		"updated_at": d.UpdatedAt, "version": d.LatestVersion, "review_id": d.LatestReviewID, "conclusion": d.Conclusion,
		"errors": d.Errors, "warnings": d.Warnings, "meeting_date": nil}
	if !d.MeetingDate.IsZero() {
		h["meeting_date"] = d.MeetingDate.Format("2006-01-02")
	}
	return h
}

func (s *Server) queuePage(c *gin.Context) {
	docs, err := s.flow.Queue(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	type item struct {
		storage.Document
		DaysLeft int
		HasDate  bool
	}
	today := s.today()
	var items []item
	overdue := 0
	for _, d := range docs {
		dl, ok := daysLeft(d.MeetingDate, today)
		if ok && dl < 0 {
			overdue++
		}
		items = append(items, item{Document: d, DaysLeft: dl, HasDate: ok})
	}
	s.render(c, http.StatusOK, "queue", gin.H{"Title": "待审查", "Items": items, "Overdue": overdue})
}

func (s *Server) apiQueue(c *gin.Context) {
	docs, err := s.flow.Queue(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.today()
	out := []gin.H{}
	for i := range docs {
		h := docJSON(&docs[i])
		if dl, ok := daysLeft(docs[i].MeetingDate, today); ok {
			h["days_left"], h["overdue"] = dl, dl < 0
		}
		out = append(out, h)
	}
	c.JSON(http.StatusOK, gin.H{"queue": out})
}

// ---- upload

// parseUpload reads a multipart upload with the body limited to the upload
// limit (plus room for the other fields), so that an oversize file is
// refused with 413 before it is read in full. close releases the file.
func (s *Server) parseUpload(c *gin.Context) (in workflow.UploadInput, close func(), err error) {
	close = func() {}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.flow.MaxUpload+1<<20)
	if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return in, close, workflow.TooLargeFile(s.flow.MaxUpload)
		}
		return in, close, &Error{Status: http.StatusBadRequest, Msg: "请以 multipart/form-data 方式上传文件", Err: err}
	}
	in = workflow.UploadInput{
		Title:              c.PostForm("title"),
		Type:               c.PostForm("type"),
		MeetingDate:        c.PostForm("meeting_date"),
		ConfirmPastMeeting: formBool(c.PostForm("confirm_past_meeting")),
		Note:               c.PostForm("note"),
	}
	if t := c.PostForm("township_id"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return in, close, userErr(http.StatusBadRequest, "镇（街道）编号无效")
		}
		in.TownshipID = id
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return in, close, nil // the workflow reports the missing file after the other fields
	}
	f, err := fh.Open()
	if err != nil {
		return in, close, &Error{Status: http.StatusBadRequest, Msg: "无法读取上传的文件", Err: err}
	}
	in.File, in.FileName = f, fh.Filename
	return in, func() { f.Close() }, nil
}

// upload stores a new document (docID 0) or a new version of one.
func (s *Server) upload(c *gin.Context, docID int64, in workflow.UploadInput) (*workflow.Uploaded, error) {
	if docID == 0 {
		return s.flow.Upload(c.Request.Context(), currentUser(c), in)
	}
	return s.flow.AddVersion(c.Request.Context(), currentUser(c), docID, in)
}

func (s *Server) uploadPage(c *gin.Context) {
	if err := workflow.RequireRole(currentUser(c), storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	s.renderUpload(c, http.StatusOK, gin.H{"Form": gin.H{}})
}

// renderUpload shows the upload form with data (Form: the values sent
// back, Error, PastMeeting: the date asks for confirmation).
func (s *Server) renderUpload(c *gin.Context, status int, data gin.H) {
	accept, names := s.flow.UploadTypes()
	data["Title"], data["Types"], data["Max"], data["Accept"], data["TypeNames"] = "提交文件", workflow.DocTypes, s.flow.MaxUpload>>20, accept, names
	data["Today"] = s.today().Format("2006-01-02")
	s.render(c, status, "upload", data)
}

// formBool reads a checkbox or a flag as the API and forms send it.
func formBool(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

func (s *Server) uploadSubmit(c *gin.Context) { s.uploadForm(c, 0) }

func (s *Server) versionSubmit(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.uploadForm(c, id)
}

func (s *Server) uploadForm(c *gin.Context, docID int64) {
	if err := workflow.RequireRole(currentUser(c), storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	in, closeFile, err := s.parseUpload(c)
	defer closeFile()
	if err == nil {
		// The page's script marks the form once it has shown the detected
		// type; a form without the mark is held for the clerk to confirm.
		in.AskType = c.PostForm("type_confirmed") != "1"
		var res *workflow.Uploaded
		res, err = s.upload(c, docID, in)
		if err == nil && res.Held != nil {
			s.confirmPage(c, http.StatusOK, res.Held, nil, "")
			return
		}
		if err == nil {
			s.redirect(c, fmt.Sprintf("/documents/%d", res.DocumentID), uploadedMessage(res))
			return
		}
	}
	ue := asUserError(err)
	if ue.Status >= 500 {
		s.fail(c, err)
		return
	}
	if docID != 0 {
		s.redirect(c, fmt.Sprintf("/documents/%d", docID), "上传失败："+ue.Msg)
		return
	}
	s.renderUpload(c, ue.Status, gin.H{"Error": ue.Msg, "PastMeeting": errors.Is(err, workflow.ErrPastMeeting),
		"Form": uploadForm(in)})
}

func (s *Server) apiUpload(c *gin.Context) { s.apiUploadTo(c, 0) }

func (s *Server) apiVersion(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.apiUploadTo(c, id)
}

func (s *Server) apiUploadTo(c *gin.Context, docID int64) {
	// Refuse other roles before reading a possibly large body.
	if err := workflow.RequireRole(currentUser(c), storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	in, closeFile, err := s.parseUpload(c)
	defer closeFile()
	if err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.upload(c, docID, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, uploadResult(res))
}

func (s *Server) apiDetect(c *gin.Context) {
	u := currentUser(c)
	if err := workflow.RequireRole(u, storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	in, closeFile, err := s.parseUpload(c)
	defer closeFile()
	if err != nil {
		s.fail(c, err)
		return
	}
	det, err := s.flow.Detect(c.Request.Context(), u, in.FileName, in.File)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, detectResult(det))
}

// ---- the document

// RoundJSON is one signed round of a version's review: who signed what,
// its 文号, and the files it hands out with their sha256.
type RoundJSON struct {
	Revision   int                 `json:"revision"`
	Number     string              `json:"number"`
	Conclusion decision.Conclusion `json:"conclusion"`
	SignedBy   string              `json:"signed_by"`
	SignedAt   time.Time           `json:"signed_at"`
	Current    bool                `json:"current"` // the review is signed at this round now (not reopened since)
	OpinionURL string              `json:"opinion_url,omitempty"`
	Files      []SignedFileJSON    `json:"files"`
	// ID is the review's, for the pages' links; NoPDF says that no PDF
	// is offered (this machine cannot make one and none was kept);
	// Primary marks the one round a page shows at its top, whose buttons
	// carry the page's ids.
	ID      int64 `json:"-"`
	NoPDF   bool  `json:"-"`
	Primary bool  `json:"-"`
}

// primary is a copy of the current round of rounds marked to be shown at
// the top of a page, nil when none is current.
func primary(rounds []RoundJSON) *RoundJSON {
	for _, r := range rounds {
		if r.Current {
			r.Primary = true
			return &r
		}
	}
	return nil
}

func (s *Server) roundsJSON(rs []workflow.Round) []RoundJSON {
	out := []RoundJSON{}
	for i := range rs {
		rd := &rs[i]
		so := rd.Signoff
		rj := RoundJSON{Revision: so.Revision, Number: rd.Number(), Conclusion: so.Conclusion, SignedBy: so.UserName,
			SignedAt: so.SignedAt, Current: rd.Current, Files: s.signedFiles(rd), ID: rd.Review.ID, NoPDF: true}
		for _, f := range rj.Files {
			if f.Kind == storage.OutputOpinionPDF {
				rj.NoPDF = false
			}
		}
		if rd.Current || rd.Kept(storage.OutputOpinionHTML) != nil {
			rj.OpinionURL = roundURL(rd.Review.ID, so.Revision, "opinion")
		}
		out = append(out, rj)
	}
	return out
}

// versionView is a row of the document page's record: a version, its
// review, the clerk's note and every signed round with its files.
type versionView struct {
	workflow.DocumentVersion
	Rounds []RoundJSON
}

func (s *Server) documentPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	d, a, vs, err := s.flow.Versions(ctx, currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows := make([]versionView, 0, len(vs))
	for i := len(vs) - 1; i >= 0; i-- { // the latest first
		rows = append(rows, versionView{DocumentVersion: vs[i], Rounds: s.roundsJSON(vs[i].Rounds)})
	}
	var latest *storage.Review
	var latestRounds []RoundJSON
	if len(rows) > 0 {
		latest, latestRounds = rows[0].Review, rows[0].Rounds
	}
	current := primary(latestRounds)
	accept, names := s.flow.UploadTypes()
	s.render(c, http.StatusOK, "document", gin.H{"Title": d.Title, "Doc": d, "Versions": rows, "Latest": latest, "Current": current,
		"CanUpload": a == workflow.AccessUpload, "CanReview": a == workflow.AccessReview, "Max": s.flow.MaxUpload >> 20,
		"PDF": s.flow.PDFAvailable(), "Accept": accept, "TypeNames": names})
}

func (s *Server) apiDocument(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	d, _, vs, err := s.flow.Versions(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	versions := []gin.H{}
	for _, v := range vs {
		h := gin.H{"id": v.ID, "number": v.Number, "file_name": v.FileName, "file_sha256": v.FileSHA256, "file_size": v.FileSize,
			"format": v.Format, "note": v.Note, "uploaded_by": v.UploaderName, "uploaded_at": v.UploadedAt, "rounds": s.roundsJSON(v.Rounds)}
		if r := v.Review; r != nil {
			h["review_id"], h["review_status"], h["conclusion"] = r.ID, r.Status, r.Conclusion
			h["review_status_name"] = r.Status.Label()
		}
		versions = append(versions, h)
	}
	out := docJSON(d)
	out["versions"] = versions
	c.JSON(http.StatusOK, out)
}

func (s *Server) downloadFile(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	vid, ok2 := idParam(c, "vid")
	if !ok1 || !ok2 {
		s.fail(c, errNotFound)
		return
	}
	f, v, err := s.flow.OriginalFile(c.Request.Context(), currentUser(c), id, vid)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(v.FileName))
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, v.FileSize, "application/octet-stream", f, nil)
}

// ---- documents out (opinion.go)

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
