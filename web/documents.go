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
}

func uploadResult(u *workflow.Uploaded) UploadResult {
	return UploadResult{DocumentID: u.DocumentID, VersionID: u.VersionID, ReviewID: u.ReviewID, Type: u.Type, Findings: u.Findings}
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
		Title:       c.PostForm("title"),
		Type:        c.PostForm("type"),
		MeetingDate: c.PostForm("meeting_date"),
		Note:        c.PostForm("note"),
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
	s.render(c, http.StatusOK, "upload", gin.H{"Title": "提交文件", "Types": workflow.DocTypes, "Max": s.flow.MaxUpload >> 20, "Form": gin.H{}})
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
		var res *workflow.Uploaded
		res, err = s.upload(c, docID, in)
		if err == nil {
			s.redirect(c, fmt.Sprintf("/documents/%d", res.DocumentID), fmt.Sprintf("已提交，系统初审发现 %d 处需关注的内容，等待司法所审查。", res.Findings))
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
	s.render(c, ue.Status, "upload", gin.H{"Title": "提交文件", "Types": workflow.DocTypes, "Max": s.flow.MaxUpload >> 20, "Error": ue.Msg,
		"Form": gin.H{"title": in.Title, "type": in.Type, "meeting_date": in.MeetingDate, "note": in.Note}})
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
	title, typ, err := s.flow.Detect(c.Request.Context(), u, in.FileName, in.File)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"title": title, "type": typ})
}

// ---- the document

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
	rows := make([]workflow.DocumentVersion, 0, len(vs))
	for i := len(vs) - 1; i >= 0; i-- { // the latest first
		rows = append(rows, vs[i])
	}
	var latest *storage.Review
	if len(rows) > 0 {
		latest = rows[0].Review
	}
	s.render(c, http.StatusOK, "document", gin.H{"Title": d.Title, "Doc": d, "Versions": rows, "Latest": latest,
		"CanUpload": a == workflow.AccessUpload, "CanReview": a == workflow.AccessReview, "HasRenderer": s.flow.Opinion != nil, "Max": s.flow.MaxUpload >> 20,
		"Downloads": s.downloadsFor(c, latest)})
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
			"format": v.Format, "note": v.Note, "uploaded_by": v.UploaderName, "uploaded_at": v.UploadedAt}
		if r := v.Review; r != nil {
			h["review_id"], h["review_status"], h["conclusion"] = r.ID, r.Status, r.Conclusion
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

// ---- documents out: the signed opinion and the marked drafts

func (s *Server) opinionPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	op, d, err := s.flow.ViewOpinion(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "opinion", gin.H{"Title": "合法性审查意见书", "Op": op, "Doc": d})
}

func (s *Server) apiOpinion(c *gin.Context) {
	switch c.Query("format") {
	case "", "json":
	case "docx":
		s.opinionFile(c)
		return
	case "pdf":
		s.opinionPDFFile(c)
		return
	default:
		s.fail(c, userErr(http.StatusBadRequest, "format 无效，可选：json（默认）、docx、pdf"))
		return
	}
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	op, _, err := s.flow.SignedOpinion(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, op)
}

// sendFileOf answers with the file an operation made for the document of :id.
func (s *Server) sendFileOf(c *gin.Context, make func(docID int64) (*workflow.File, error)) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	f, err := make(id)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f.Name, f.ASCIIName, f.ContentType, f.Data)
}

func (s *Server) opinionFile(c *gin.Context) {
	s.sendFileOf(c, func(id int64) (*workflow.File, error) {
		return s.flow.OpinionFile(c.Request.Context(), currentUser(c), id)
	})
}

func (s *Server) opinionPDFFile(c *gin.Context) {
	s.sendFileOf(c, func(id int64) (*workflow.File, error) {
		return s.flow.OpinionPDF(c.Request.Context(), currentUser(c), id)
	})
}

func (s *Server) annotatedFile(c *gin.Context) { s.draftFile(c, false) }
func (s *Server) suggestedFile(c *gin.Context) { s.draftFile(c, true) }

func (s *Server) draftFile(c *gin.Context, revise bool) {
	s.sendFileOf(c, func(id int64) (*workflow.File, error) {
		return s.flow.AnnotatedDraft(c.Request.Context(), currentUser(c), id, revise)
	})
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

// printer is the configured PDF renderer, nil when there is none.
func (s *Server) printer() workflow.OpinionPrinter { return s.flow.Printer() }

// downloads is what the document and review pages offer for a signed review.
type downloads struct {
	Word      bool // opinion .docx
	PDF       bool // opinion .pdf (false: the page explains why not)
	Suggested bool // 修改建议稿
}

func (s *Server) downloadsFor(c *gin.Context, r *storage.Review) downloads {
	dl := downloads{Word: s.flow.Opinion != nil, PDF: s.printer() != nil}
	if r != nil && r.Status == storage.ReviewSigned {
		if fs, err := s.store().Findings(c.Request.Context(), r.ID); err == nil {
			dl.Suggested = workflow.HasSuggestedDraft(fs)
		}
	}
	return dl
}
