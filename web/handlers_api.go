package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
)

// API handlers: parse input, call one action, answer JSON. Errors are
// {"error": "<Chinese message>", "request_id": "..."}.

func idParam(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// bind decodes a JSON body (API) or form (pages) into v.
func bind(c *gin.Context, v any) error {
	var err error
	if strings.HasPrefix(c.ContentType(), "application/json") {
		err = c.ShouldBindJSON(v)
	} else {
		err = c.ShouldBind(v)
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &Error{Status: http.StatusRequestEntityTooLarge, Msg: bodyTooLarge(mbe.Limit).Msg, Err: err}
		}
		return &Error{Status: http.StatusBadRequest, Msg: "请求格式有误，请检查填写的内容", Err: err}
	}
	return nil
}

// parseUpload reads a multipart upload with the body limited to the upload
// limit (plus room for the other fields), so that an oversize file is
// refused with 413 before it is read in full.
func (s *Server) parseUpload(c *gin.Context, docID int64) (UploadInput, error) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.MaxUpload+1<<20)
	if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return UploadInput{}, tooLarge(s.cfg.MaxUpload)
		}
		return UploadInput{}, &Error{Status: http.StatusBadRequest, Msg: "请以 multipart/form-data 方式上传文件", Err: err}
	}
	in := UploadInput{
		DocumentID:  docID,
		Title:       c.PostForm("title"),
		Type:        c.PostForm("type"),
		MeetingDate: c.PostForm("meeting_date"),
		Note:        c.PostForm("note"),
	}
	if t := c.PostForm("township_id"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return in, userErr(http.StatusBadRequest, "镇（街道）编号无效")
		}
		in.TownshipID = id
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return in, nil // upload() reports the missing file after the other fields
	}
	f, err := fh.Open()
	if err != nil {
		return in, &Error{Status: http.StatusBadRequest, Msg: "无法读取上传的文件", Err: err}
	}
	in.File, in.FileName = f, fh.Filename
	return in, nil
}

func closeUpload(in UploadInput) {
	if cl, ok := in.File.(interface{ Close() error }); ok {
		cl.Close()
	}
}

func (s *Server) apiLogin(c *gin.Context) {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	// Only JSON: a cross-site form cannot send it without a CORS preflight,
	// which this server never grants, so the login cannot be forged.
	if !strings.HasPrefix(c.ContentType(), "application/json") {
		s.fail(c, userErr(http.StatusUnsupportedMediaType, "请以 JSON 提交用户名和密码"))
		return
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	u, tok, se, err := s.login(c.Request.Context(), in.Username, in.Password, c.Request.UserAgent())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, tok, int(s.cfg.SessionTTL.Seconds()))
	c.JSON(http.StatusOK, gin.H{"user": userJSON(u), "csrf_token": se.CSRFToken, "expires_at": se.ExpiresAt})
}

func userJSON(u *storage.User) gin.H {
	return gin.H{"id": u.ID, "username": u.Username, "display_name": u.DisplayName, "role": u.Role, "role_name": u.Role.Label(),
		"township_id": u.TownshipID, "township": u.TownshipName, "office_id": u.OfficeID, "office": u.OfficeName, "disabled": u.Disabled}
}

func (s *Server) apiSession(c *gin.Context) {
	se := currentSession(c)
	c.JSON(http.StatusOK, gin.H{"user": userJSON(currentUser(c)), "csrf_token": se.CSRFToken, "expires_at": se.ExpiresAt})
}

func (s *Server) apiLogout(c *gin.Context) {
	s.endSession(c)
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) endSession(c *gin.Context) {
	if se := currentSession(c); se != nil {
		_ = s.store.DeleteSession(c.Request.Context(), se.TokenHash)
		s.audit(c.Request.Context(), currentUser(c), "logout", "", "")
	}
	s.setCookie(c, sessionCookie, "", -1)
}

func (s *Server) apiDocuments(c *gin.Context) {
	docs, err := s.documents(c, currentUser(c))
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
		"status": d.Status, "status_name": statusName(d.Status), "note": d.Note, "created_by": d.CreatorName, "created_at": d.CreatedAt,
		"updated_at": d.UpdatedAt, "version": d.LatestVersion, "review_id": d.LatestReviewID, "conclusion": d.Conclusion,
		"errors": d.Errors, "warnings": d.Warnings, "meeting_date": nil}
	if !d.MeetingDate.IsZero() {
		h["meeting_date"] = d.MeetingDate.Format("2006-01-02")
	}
	return h
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
	u := currentUser(c)
	// Refuse other roles before reading a possibly large body.
	if err := requireRole(u, storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.parseUpload(c, docID)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer closeUpload(in)
	res, err := s.upload(c.Request.Context(), u, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, res)
}

func (s *Server) apiDetect(c *gin.Context) {
	u := currentUser(c)
	if err := requireRole(u, storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.parseUpload(c, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer closeUpload(in)
	if in.File == nil {
		s.fail(c, userErr(http.StatusBadRequest, "请选择要上传的文件"))
		return
	}
	title, typ, err := s.detect(c.Request.Context(), u, in.FileName, in.File)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"title": title, "type": typ})
}

func (s *Server) apiDocument(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	d, _, err := s.document(ctx, currentUser(c), id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	vs, err := s.store.Versions(ctx, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	versions := []gin.H{}
	for _, v := range vs {
		h := gin.H{"id": v.ID, "number": v.Number, "file_name": v.FileName, "file_sha256": v.FileSHA256, "file_size": v.FileSize,
			"format": v.Format, "note": v.Note, "uploaded_by": v.UploaderName, "uploaded_at": v.UploadedAt}
		if r, err := s.store.ReviewByVersion(ctx, v.ID); err == nil {
			h["review_id"], h["review_status"], h["conclusion"] = r.ID, r.Status, r.Conclusion
		}
		versions = append(versions, h)
	}
	out := docJSON(d)
	out["versions"] = versions
	c.JSON(http.StatusOK, out)
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
	d, _, err := s.document(c.Request.Context(), currentUser(c), id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	op, err := s.opinion(c.Request.Context(), d)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, op)
}

func (s *Server) apiQueue(c *gin.Context) {
	docs, err := s.queue(c, currentUser(c))
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

func (s *Server) apiReview(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	r, d, _, err := s.reviewDoc(ctx, currentUser(c), id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.reviewJSON(ctx, r, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.attachToJSON(ctx, currentUser(c), r.ID, out.Findings) // precedents.go
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiCompare(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	r, _, _, err := s.reviewDoc(ctx, currentUser(c), id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	cmp, err := s.compareReviews(ctx, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	if cmp == nil {
		s.fail(c, userErr(http.StatusNotFound, "这是第一版，没有可对比的上一版"))
		return
	}
	c.JSON(http.StatusOK, cmp)
}

func (s *Server) apiHistory(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	if _, _, _, err := s.reviewDoc(ctx, currentUser(c), id, accessRead); err != nil {
		s.fail(c, err)
		return
	}
	evs, err := s.store.Events(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	sos, err := s.store.Signoffs(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	cms, err := s.store.Comments(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	events := []gin.H{}
	for _, e := range evs {
		events = append(events, gin.H{"revision": e.Revision, "user": e.UserName, "action": e.Action, "detail": e.Detail, "at": e.CreatedAt})
	}
	signoffs := []gin.H{}
	for _, so := range sos {
		signoffs = append(signoffs, gin.H{"revision": so.Revision, "user": so.UserName, "conclusion": so.Conclusion, "opinion": so.Opinion, "sha256": so.SHA256, "signed_at": so.SignedAt})
	}
	comments := []gin.H{}
	for _, cm := range cms {
		comments = append(comments, gin.H{"id": cm.ID, "finding_id": cm.FindingID, "user": cm.AuthorName, "role": cm.AuthorRole, "body": cm.Body, "at": cm.CreatedAt})
	}
	c.JSON(http.StatusOK, gin.H{"events": events, "signoffs": signoffs, "comments": comments})
}

func (s *Server) apiAddFinding(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in NewFindingInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	fid, err := s.addFinding(c.Request.Context(), currentUser(c), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": fid})
}

func (s *Server) apiDecideFinding(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	fid, ok2 := idParam(c, "fid")
	if !ok1 || !ok2 {
		s.fail(c, errNotFound)
		return
	}
	var in FindingInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	if err := s.decideFinding(ctx, currentUser(c), id, fid, in); err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.store.Finding(ctx, id, fid)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, findingJSON(*f))
}

func (s *Server) apiConclusion(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	rv, err := s.saveConclusion(c.Request.Context(), currentUser(c), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"row_version": rv})
}

func (s *Server) apiSignoff(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	so, err := s.signoff(c.Request.Context(), currentUser(c), id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"review_id": id, "revision": so.Revision, "signed_by": so.UserName, "signed_at": so.SignedAt,
		"sha256": so.SHA256, "conclusion": so.Conclusion})
}

func (s *Server) apiReopen(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		RowVersion int64  `json:"row_version" form:"row_version"`
		Reason     string `json:"reason" form:"reason"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.reopen(c.Request.Context(), currentUser(c), id, in.RowVersion, in.Reason); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiComment(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		FindingID int64  `json:"finding_id" form:"finding_id"`
		Body      string `json:"body" form:"body"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	cid, err := s.comment(c.Request.Context(), currentUser(c), id, in.FindingID, in.Body)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": cid})
}

func (s *Server) apiAdviser(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		UserID int64 `json:"user_id" form:"user_id"`
		Remove bool  `json:"remove" form:"remove"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.assignAdviser(c.Request.Context(), currentUser(c), id, in.UserID, in.Remove); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiArticle(c *gin.Context) {
	a, err := s.article(c.Request.Context(), c.Query("law"), c.Query("article"), c.Query("at"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

func (s *Server) apiSearch(c *gin.Context) {
	res, err := s.search(c.Request.Context(), currentUser(c), searchInput(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) apiPassword(c *gin.Context) {
	var in struct {
		Old string `json:"old_password" form:"old_password"`
		New string `json:"new_password" form:"new_password"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.changePassword(c.Request.Context(), currentUser(c), in.Old, in.New); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiOffices(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	os, err := s.store.ListOffices(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, o := range os {
		out = append(out, gin.H{"id": o.ID, "name": o.Name, "province": o.Province})
	}
	c.JSON(http.StatusOK, gin.H{"offices": out})
}

func (s *Server) apiCreateOffice(c *gin.Context) {
	var in struct {
		Name     string `json:"name" form:"name"`
		Province string `json:"province" form:"province"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.createOffice(c.Request.Context(), currentUser(c), in.Name, in.Province)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": id})
}

// apiUpdateOffice sets an office's province.
func (s *Server) apiUpdateOffice(c *gin.Context) {
	oid, ok := idParam(c, "oid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		Province string `json:"province" form:"province"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.setOfficeProvince(c.Request.Context(), currentUser(c), oid, in.Province); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiTownships(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	ts, err := s.store.ListTownships(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, t := range ts {
		out = append(out, gin.H{"id": t.ID, "name": t.Name, "office_id": t.OfficeID, "office": t.OfficeName})
	}
	c.JSON(http.StatusOK, gin.H{"townships": out})
}

func (s *Server) apiCreateTownship(c *gin.Context) {
	var in struct {
		Name     string `json:"name" form:"name"`
		OfficeID int64  `json:"office_id" form:"office_id"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.createTownship(c.Request.Context(), currentUser(c), in.Name, in.OfficeID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": id})
}

func (s *Server) apiUpdateTownship(c *gin.Context) {
	tid, ok := idParam(c, "tid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in struct {
		OfficeID int64 `json:"office_id" form:"office_id"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.moveTownship(c.Request.Context(), currentUser(c), tid, in.OfficeID); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiUsers(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	us, err := s.store.ListUsers(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for i := range us {
		out = append(out, userJSON(&us[i]))
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

func (s *Server) apiCreateUser(c *gin.Context) {
	var in UserInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	id, pw, err := s.createUser(c.Request.Context(), currentUser(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"id": id, "password": pw})
}

func (s *Server) apiUpdateUser(c *gin.Context) {
	uid, ok := idParam(c, "uid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in UserInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	pw, err := s.updateUser(c.Request.Context(), currentUser(c), uid, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := gin.H{"ok": true}
	if pw != "" {
		out["password"] = pw
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) apiAudit(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	off, err := intParam("offset", c.Query("offset"), 0, maxAuditOffset, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.store.AuditLog(c.Request.Context(), 200, off)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, e := range es {
		out = append(out, gin.H{"id": e.ID, "at": e.At, "user": e.Username, "action": e.Action, "target": e.Target, "detail": e.Detail, "ip": e.IP, "request_id": e.RequestID})
	}
	c.JSON(http.StatusOK, gin.H{"entries": out})
}
