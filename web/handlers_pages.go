package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"lawreview/review/decision"
	"lawreview/web/auth"
	"lawreview/web/storage"
)

// Page handlers: parse the form, call the same action as the API, then
// redirect (POST) or render (GET).

func (s *Server) loginPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, "/")
		return
	}
	tok := auth.Token(24)
	s.setCookie(c, loginCSRFCookie, tok, 3600)
	s.render(c, http.StatusOK, "login", gin.H{"Title": "登录", "LoginCSRF": tok, "Next": safeNext(c.Query("next")), "Message": loginMessages[c.Query("m")]})
}

// loginMessages are the notices the login page shows for ?m=<code>. The
// page shows only these: text taken from the URL would let another site
// put its words on our login page (issue 14, defect 7).
var loginMessages = map[string]string{
	"login":            errUnauthorized.Msg,
	"expired":          "登录已过期，请重新登录",
	"password_changed": "密码已修改，请用新密码登录",
}

// safeNext allows only a path of this site as the post-login destination:
// one leading "/" (not "//", a host), no backslash (browsers read it as
// "/") and no control character (browsers drop tabs and newlines, so
// "/\t/evil.example" would become "//evil.example").
func safeNext(next string) string {
	if len(next) > 2000 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return "/"
		}
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return next
}

func (s *Server) loginSubmit(c *gin.Context) {
	// Login forms carry a token that must match a cookie set with the form
	// (double submit), so another site cannot log a user into its account.
	ck, _ := c.Cookie(loginCSRFCookie)
	next := safeNext(c.PostForm("next"))
	if !auth.EqualTokens(ck, c.PostForm(csrfField)) {
		s.fail(c, errCSRF)
		return
	}
	_, tok, _, err := s.login(c.Request.Context(), c.PostForm("username"), c.PostForm("password"), c.Request.UserAgent())
	if err != nil {
		ue := asUserError(err)
		newTok := auth.Token(24)
		s.setCookie(c, loginCSRFCookie, newTok, 3600)
		s.render(c, ue.Status, "login", gin.H{"Title": "登录", "LoginCSRF": newTok, "Next": next, "Error": ue.Msg, "Username": c.PostForm("username")})
		return
	}
	s.setCookie(c, loginCSRFCookie, "", -1)
	s.setCookie(c, sessionCookie, tok, int(s.cfg.SessionTTL.Seconds()))
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logout(c *gin.Context) {
	s.endSession(c)
	c.Redirect(http.StatusSeeOther, "/login")
}

func (s *Server) home(c *gin.Context) {
	switch currentUser(c).Role {
	case storage.RoleReviewer:
		c.Redirect(http.StatusSeeOther, "/queue")
	case storage.RoleAdmin:
		c.Redirect(http.StatusSeeOther, "/admin")
	default:
		c.Redirect(http.StatusSeeOther, "/documents")
	}
}

func (s *Server) documentsPage(c *gin.Context) {
	u := currentUser(c)
	docs, err := s.documents(c, u)
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

func (s *Server) uploadPage(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "upload", gin.H{"Title": "提交文件", "Types": DocTypes, "Max": s.cfg.MaxUpload >> 20, "Form": gin.H{}})
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
	u := currentUser(c)
	if err := requireRole(u, storage.RoleClerk); err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.parseUpload(c, docID)
	if err == nil {
		defer closeUpload(in)
		var res *UploadResult
		res, err = s.upload(c.Request.Context(), u, in)
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
	s.render(c, ue.Status, "upload", gin.H{"Title": "提交文件", "Types": DocTypes, "Max": s.cfg.MaxUpload >> 20, "Error": ue.Msg,
		"Form": gin.H{"title": in.Title, "type": in.Type, "meeting_date": in.MeetingDate, "note": in.Note}})
}

func (s *Server) documentPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	d, a, err := s.document(ctx, u, id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	vs, err := s.store.Versions(ctx, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	type row struct {
		storage.Version
		Review *storage.Review
	}
	var rows []row
	for i := len(vs) - 1; i >= 0; i-- {
		r, _ := s.store.ReviewByVersion(ctx, vs[i].ID)
		rows = append(rows, row{Version: vs[i], Review: r})
	}
	var latest *storage.Review
	if len(rows) > 0 {
		latest = rows[0].Review
	}
	s.render(c, http.StatusOK, "document", gin.H{"Title": d.Title, "Doc": d, "Versions": rows, "Latest": latest,
		"CanUpload": a == accessUpload, "CanReview": a == accessReview, "HasRenderer": s.cfg.Opinion != nil, "Max": s.cfg.MaxUpload >> 20,
		"Downloads": s.downloadsFor(ctx, latest)})
}

func (s *Server) downloadFile(c *gin.Context) {
	id, ok1 := idParam(c, "id")
	vid, ok2 := idParam(c, "vid")
	if !ok1 || !ok2 {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	d, _, err := s.document(ctx, currentUser(c), id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.store.Version(ctx, vid)
	if err != nil || v.DocumentID != d.ID {
		s.fail(c, errNotFound)
		return
	}
	f, err := s.files.Open(v.FileSHA256)
	if err != nil {
		s.fail(c, fmt.Errorf("open stored file %s: %w", v.FileSHA256, err))
		return
	}
	defer f.Close()
	s.audit(ctx, currentUser(c), "file_download", fmt.Sprintf("document:%d/version:%d", d.ID, v.Number), fmt.Sprintf("第 %d 版", v.Number))
	c.Header("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(v.FileName))
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, v.FileSize, "application/octet-stream", f, nil)
}

func (s *Server) opinionPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	d, _, err := s.document(ctx, u, id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	op, err := s.opinion(ctx, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(ctx, u, "opinion_view", fmt.Sprintf("document:%d", d.ID), "")
	s.render(c, http.StatusOK, "opinion", gin.H{"Title": "合法性审查意见书", "Op": op, "Doc": d})
}

func (s *Server) opinionFile(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	d, _, err := s.document(ctx, u, id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	if s.cfg.Opinion == nil {
		s.fail(c, userErr(http.StatusNotImplemented, "暂不支持下载 Word 版意见书，请使用“打印意见书”页面"))
		return
	}
	op, err := s.opinion(ctx, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf strings.Builder
	if err := s.cfg.Opinion.Render(&buf, op); err != nil {
		s.fail(c, fmt.Errorf("render opinion: %w", err))
		return
	}
	s.audit(ctx, u, "opinion_download", fmt.Sprintf("document:%d", d.ID), s.cfg.Opinion.Ext())
	name := fmt.Sprintf("合法性审查意见书-%s.%s", d.Title, s.cfg.Opinion.Ext())
	sendFile(c, name, "opinion."+s.cfg.Opinion.Ext(), s.cfg.Opinion.ContentType(), []byte(buf.String()))
}

func (s *Server) queuePage(c *gin.Context) {
	u := currentUser(c)
	docs, err := s.queue(c, u)
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

func (s *Server) reviewPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	r, d, a, err := s.reviewDoc(ctx, u, id, accessRead)
	if err != nil {
		s.fail(c, err)
		return
	}
	rj, err := s.reviewJSON(ctx, r, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.attachToJSON(ctx, u, r.ID, rj.Findings) // precedents.go
	fs, err := s.store.Findings(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	comments, err := s.store.Comments(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := s.store.Events(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	signoffs, err := s.store.Signoffs(ctx, r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	advisers, err := s.store.Advisers(ctx, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	type findingView struct {
		FindingJSON
		Comments []storage.Comment
		Carry    string
	}
	byFinding := map[int64][]storage.Comment{}
	var general []storage.Comment
	for _, cm := range comments {
		if cm.FindingID == 0 {
			general = append(general, cm)
		} else {
			byFinding[cm.FindingID] = append(byFinding[cm.FindingID], cm)
		}
	}
	cmp, err := s.compareReviews(ctx, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	carry := map[int64]string{}
	if cmp != nil {
		for _, f := range cmp.New {
			carry[f.ID] = "新发现"
		}
		for _, st := range cmp.Still {
			if st.Current != nil {
				carry[st.Current.ID] = "上一版已存在"
			}
		}
	}
	var views []findingView
	counts := map[string]int{}
	open := 0
	for _, f := range rj.Findings {
		views = append(views, findingView{FindingJSON: f, Comments: byFinding[f.ID], Carry: carry[f.ID]})
		if decision.FindingState(f.State) != decision.FindingDismissed {
			counts[f.Severity]++
		}
		if decision.FindingState(f.State) == decision.FindingOpen {
			open++
		}
	}
	var allAdvisers []storage.User
	if a == accessReview {
		us, err := s.store.ListUsers(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, x := range us {
			if x.Role == storage.RoleAdviser && !x.Disabled {
				allAdvisers = append(allAdvisers, x)
			}
		}
	}
	s.render(c, http.StatusOK, "review", gin.H{
		"Title": "审查：" + d.Title, "Doc": d, "Review": r, "R": rj, "Findings": views, "Segments": segments(r.Text, fs),
		"Counts": counts, "Open": open, "GeneralComments": general, "Events": events, "Signoffs": signoffs,
		"Advisers": advisers, "AllAdvisers": allAdvisers, "Compare": cmp, "Conclusions": decision.Conclusions,
		"CanReview": a == accessReview, "CanComment": allows(a, accessComment), "Editable": a == accessReview && r.Status == storage.ReviewOpen,
		"IsLatest": d.LatestReviewID == r.ID, "Severities": storage.Severities,
		"Downloads": s.downloadsFor(ctx, r),
	})
}

func (s *Server) comparePage(c *gin.Context) {
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
	cmp, err := s.compareReviews(ctx, r)
	if err != nil {
		s.fail(c, err)
		return
	}
	if cmp == nil {
		s.fail(c, userErr(http.StatusNotFound, "这是第一版，没有可对比的上一版"))
		return
	}
	s.render(c, http.StatusOK, "compare", gin.H{"Title": "版本对比：" + d.Title, "Doc": d, "Review": r, "C": cmp})
}

// formAction runs a page form action and redirects back to the review.
func (s *Server) formAction(c *gin.Context, okMsg string, act func(u *storage.User, id int64) error) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	if err := act(currentUser(c), id); err != nil {
		ue := asUserError(err)
		if ue.Status == http.StatusForbidden || ue.Status == http.StatusNotFound || ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		s.redirect(c, fmt.Sprintf("/reviews/%d", id), ue.Msg)
		return
	}
	back := fmt.Sprintf("/reviews/%d", id)
	if a := c.PostForm("anchor"); a != "" && strings.HasPrefix(a, "f") {
		back += "#" + url.PathEscape(a)
	}
	s.redirect(c, back, okMsg)
}

func (s *Server) decideFindingSubmit(c *gin.Context) {
	fid, ok := idParam(c, "fid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	var in FindingInput
	in.Action, in.Reason = c.PostForm("action"), c.PostForm("reason")
	if in.Action == "edit" {
		m, sg := c.PostForm("message"), c.PostForm("suggestion")
		in.Message, in.Suggestion = &m, &sg
		if rp, ok := c.GetPostForm("replacement"); ok {
			in.Replacement = &rp
		}
		if sev := storage.Severity(c.PostForm("severity")); sev != "" {
			in.Severity = &sev
		}
	}
	s.formAction(c, "已"+actionNames[in.Action], func(u *storage.User, id int64) error {
		return s.decideFinding(c.Request.Context(), u, id, fid, in)
	})
}

func (s *Server) addFindingSubmit(c *gin.Context) {
	var in NewFindingInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.formAction(c, "已添加意见", func(u *storage.User, id int64) error {
		_, err := s.addFinding(c.Request.Context(), u, id, in)
		return err
	})
}

func (s *Server) conclusionSubmit(c *gin.Context) {
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.formAction(c, "已保存结论草稿", func(u *storage.User, id int64) error {
		_, err := s.saveConclusion(c.Request.Context(), u, id, in)
		return err
	})
}

func (s *Server) signoffSubmit(c *gin.Context) {
	var in ConclusionInput
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	s.formAction(c, "已签发，审查意见已发送给经办人", func(u *storage.User, id int64) error {
		_, err := s.signoff(c.Request.Context(), u, id, in)
		return err
	})
}

func (s *Server) reopenSubmit(c *gin.Context) {
	rv, _ := strconv.ParseInt(c.PostForm("row_version"), 10, 64)
	s.formAction(c, "已重新打开，开始新一轮审查", func(u *storage.User, id int64) error {
		return s.reopen(c.Request.Context(), u, id, rv, c.PostForm("reason"))
	})
}

func (s *Server) commentSubmit(c *gin.Context) {
	fid, _ := strconv.ParseInt(c.PostForm("finding_id"), 10, 64)
	s.formAction(c, "已发表意见", func(u *storage.User, id int64) error {
		_, err := s.comment(c.Request.Context(), u, id, fid, c.PostForm("body"))
		return err
	})
}

func (s *Server) adviserSubmit(c *gin.Context) {
	uid, _ := strconv.ParseInt(c.PostForm("user_id"), 10, 64)
	remove := c.PostForm("remove") == "1"
	s.formAction(c, "已更新法律顾问", func(u *storage.User, id int64) error {
		return s.assignAdviser(c.Request.Context(), u, id, uid, remove)
	})
}

func (s *Server) articlePage(c *gin.Context) {
	a, err := s.article(c.Request.Context(), c.Query("law"), c.Query("article"), c.Query("at"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "article", gin.H{"Title": a.Law + a.Label, "A": a})
}

func (s *Server) searchPage(c *gin.Context) {
	in := searchInput(c)
	q := strings.TrimSpace(in.Q)
	province := ""
	if in.Province != nil {
		province = *in.Province
	} else if p, err := s.userProvince(c.Request.Context(), currentUser(c)); err == nil {
		province = p
	}
	levels := map[string]bool{}
	for _, l := range in.Levels {
		levels[l] = true
	}
	data := gin.H{"Title": "法律检索", "Q": q, "Law": in.Law, "All": in.All, "Province": province, "AllRegions": in.AllRegions,
		"Provinces": s.provinces(), "Levels": searchLevels, "Checked": levels}
	if q != "" {
		res, err := s.search(c.Request.Context(), currentUser(c), in)
		if err != nil {
			ue := asUserError(err)
			if ue.Status == http.StatusForbidden || ue.Status >= 500 {
				s.fail(c, err)
				return
			}
			data["Error"] = ue.Msg
		} else {
			data["Res"] = res
		}
	} else if err := requireRole(currentUser(c), storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "search", data)
}

func (s *Server) accountPage(c *gin.Context) {
	s.render(c, http.StatusOK, "account", gin.H{"Title": "我的账号"})
}

func (s *Server) passwordSubmit(c *gin.Context) {
	err := s.changePassword(c.Request.Context(), currentUser(c), c.PostForm("old_password"), c.PostForm("new_password"))
	if err != nil {
		ue := asUserError(err)
		if ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		s.render(c, ue.Status, "account", gin.H{"Title": "我的账号", "Error": ue.Msg})
		return
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/login?m=password_changed")
}

func (s *Server) adminPage(c *gin.Context) {
	s.renderAdmin(c, "")
}

// renderAdmin renders the administration page, with notice shown once.
func (s *Server) renderAdmin(c *gin.Context, notice string) {
	u := currentUser(c)
	if err := requireRole(u, storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	offices, err := s.store.ListOffices(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	towns, err := s.store.ListTownships(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	users, err := s.store.ListUsers(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := gin.H{"Title": "系统管理", "Offices": offices, "Townships": towns, "Users": users, "Provinces": s.provinces(),
		"Roles": storage.Roles}
	if notice != "" {
		data["Flash"] = notice
	}
	s.render(c, http.StatusOK, "admin", data)
}

// adminForm runs an admin action and returns to the admin page. A message
// holding a password (secret) is rendered into this answer, once, instead
// of travelling in the flash cookie: a cookie is stored by the browser,
// sent back with the next request and may be logged on the way (issue 14).
func (s *Server) adminForm(c *gin.Context, act func(u *storage.User) (msg string, secret bool, err error)) {
	msg, secret, err := act(currentUser(c))
	if err != nil {
		ue := asUserError(err)
		if ue.Status == http.StatusForbidden || ue.Status >= 500 {
			s.fail(c, err)
			return
		}
		s.redirect(c, "/admin", "操作失败："+ue.Msg)
		return
	}
	if secret {
		s.renderAdmin(c, msg)
		return
	}
	s.redirect(c, "/admin", msg)
}

func formID(c *gin.Context, name string) int64 {
	id, _ := strconv.ParseInt(c.PostForm(name), 10, 64)
	return id
}

func (s *Server) adminOfficeSubmit(c *gin.Context) {
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		_, err := s.createOffice(c.Request.Context(), u, c.PostForm("name"), c.PostForm("province"))
		return "已添加司法所", false, err
	})
}

func (s *Server) adminOfficeUpdateSubmit(c *gin.Context) {
	oid, ok := idParam(c, "oid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		return "已更新司法所所在省份", false, s.setOfficeProvince(c.Request.Context(), u, oid, c.PostForm("province"))
	})
}

// searchLevels are the levels the search form offers.
var searchLevels = []string{"宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规"}

func (s *Server) adminTownshipSubmit(c *gin.Context) {
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		_, err := s.createTownship(c.Request.Context(), u, c.PostForm("name"), formID(c, "office_id"))
		return "已添加镇（街道）", false, err
	})
}

func (s *Server) adminTownshipUpdateSubmit(c *gin.Context) {
	tid, ok := idParam(c, "tid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		return "已更新镇（街道）所属司法所", false, s.moveTownship(c.Request.Context(), u, tid, formID(c, "office_id"))
	})
}

func (s *Server) adminUserSubmit(c *gin.Context) {
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		in := UserInput{Username: c.PostForm("username"), DisplayName: c.PostForm("display_name"), Role: storage.Role(c.PostForm("role")),
			TownshipID: formID(c, "township_id"), OfficeID: formID(c, "office_id")}
		_, pw, err := s.createUser(c.Request.Context(), u, in)
		return fmt.Sprintf("已创建账号 %s，初始密码：%s（只显示这一次，请转告本人并提醒修改）", strings.TrimSpace(in.Username), pw), true, err
	})
}

func (s *Server) adminUserUpdateSubmit(c *gin.Context) {
	uid, ok := idParam(c, "uid")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		in := UserInput{DisplayName: c.PostForm("display_name"), Role: storage.Role(c.PostForm("role")), TownshipID: formID(c, "township_id"),
			OfficeID: formID(c, "office_id"), Disabled: c.PostForm("disabled") == "1", ResetPassword: c.PostForm("reset_password") == "1"}
		pw, err := s.updateUser(c.Request.Context(), u, uid, in)
		if pw != "" {
			return "已更新账号，新密码：" + pw + "（只显示这一次）", true, err
		}
		return "已更新账号", false, err
	})
}

func (s *Server) auditPage(c *gin.Context) {
	if err := requireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	off, err := intParam("offset", c.Query("offset"), 0, maxAuditOffset, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.store.AuditLog(c.Request.Context(), 100, off)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "audit", gin.H{"Title": "审计日志", "Entries": es, "Offset": off, "Next": off + 100, "HasNext": len(es) == 100, "Prev": max(off-100, 0)})
}
