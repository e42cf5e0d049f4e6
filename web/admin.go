package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// Administration: offices, townships, accounts and the audit log.

// userRequest creates or changes an account, as the API sends it.
type userRequest struct {
	Username      string       `json:"username" form:"username"`
	DisplayName   string       `json:"display_name" form:"display_name"`
	Role          storage.Role `json:"role" form:"role"`
	TownshipID    int64        `json:"township_id" form:"township_id"`
	OfficeID      int64        `json:"office_id" form:"office_id"`
	BureauID      int64        `json:"bureau_id" form:"bureau_id"`
	Password      string       `json:"password" form:"password"` // empty: generate one
	Disabled      bool         `json:"disabled" form:"disabled"`
	ResetPassword bool         `json:"reset_password" form:"reset_password"`
}

func (in userRequest) input() workflow.UserInput {
	return workflow.UserInput{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, TownshipID: in.TownshipID,
		OfficeID: in.OfficeID, BureauID: in.BureauID, Password: in.Password, Disabled: in.Disabled, ResetPassword: in.ResetPassword}
}

func (s *Server) adminPage(c *gin.Context) {
	s.renderAdmin(c, "")
}

// renderAdmin renders the administration page, with notice shown once.
func (s *Server) renderAdmin(c *gin.Context, notice string) {
	a, err := s.flow.Administration(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	data := gin.H{"Title": "系统管理", "Offices": a.Offices, "Townships": a.Townships, "Users": a.Users, "Provinces": s.flow.Provinces(),
		"Roles": storage.Roles, "Bureaus": a.Bureaus}
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
		_, err := s.flow.CreateOffice(c.Request.Context(), u, c.PostForm("name"), c.PostForm("province"))
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
		return "已更新司法所所在省份", false, s.flow.SetOfficeProvince(c.Request.Context(), u, oid, c.PostForm("province"))
	})
}

func (s *Server) adminTownshipSubmit(c *gin.Context) {
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		_, err := s.flow.CreateTownship(c.Request.Context(), u, c.PostForm("name"), formID(c, "office_id"))
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
		return "已更新镇（街道）所属司法所", false, s.flow.MoveTownship(c.Request.Context(), u, tid, formID(c, "office_id"))
	})
}

func (s *Server) adminUserSubmit(c *gin.Context) {
	s.adminForm(c, func(u *storage.User) (string, bool, error) {
		in := workflow.UserInput{Username: c.PostForm("username"), DisplayName: c.PostForm("display_name"), Role: storage.Role(c.PostForm("role")),
			TownshipID: formID(c, "township_id"), OfficeID: formID(c, "office_id"), BureauID: formID(c, "bureau_id")}
		_, pw, err := s.flow.AddUser(c.Request.Context(), u, in)
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
		in := workflow.UserInput{DisplayName: c.PostForm("display_name"), Role: storage.Role(c.PostForm("role")), TownshipID: formID(c, "township_id"),
			OfficeID: formID(c, "office_id"), BureauID: formID(c, "bureau_id"), Disabled: c.PostForm("disabled") == "1", ResetPassword: c.PostForm("reset_password") == "1"}
		pw, err := s.flow.UpdateUser(c.Request.Context(), u, uid, in)
		if pw != "" {
			return "已更新账号，新密码：" + pw + "（只显示这一次）", true, err
		}
		return "已更新账号", false, err
	})
}

// auditOffset is the ?offset= of the audit log, bounded.
func auditOffset(c *gin.Context) (int, error) {
	return workflow.IntParam("offset", c.Query("offset"), 0, workflow.MaxAuditOffset, 0)
}

func (s *Server) auditPage(c *gin.Context) {
	if err := workflow.RequireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	off, err := auditOffset(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.flow.AuditLog(c.Request.Context(), currentUser(c), 100, off)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "audit", gin.H{"Title": "审计日志", "Entries": es, "Offset": off, "Next": off + 100, "HasNext": len(es) == 100, "Prev": max(off-100, 0)})
}

func (s *Server) apiAudit(c *gin.Context) {
	if err := workflow.RequireRole(currentUser(c), storage.RoleAdmin); err != nil {
		s.fail(c, err)
		return
	}
	off, err := auditOffset(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.flow.AuditLog(c.Request.Context(), currentUser(c), 200, off)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, e := range es {
		out = append(out, gin.H{"id": e.ID, "at": e.At, "user": e.Username, "action": e.Action, "action_label": e.Action.Label(), "target": e.Target,
			"object": e.Object, "detail": e.Detail, "ip": e.IP, "request_id": e.RequestID})
	}
	c.JSON(http.StatusOK, gin.H{"entries": out})
}

func (s *Server) apiOffices(c *gin.Context) {
	a, err := s.flow.Administration(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, o := range a.Offices {
		out = append(out, gin.H{"id": o.ID, "name": o.Name, "province": o.Province, "letterhead": letterheadJSON(o)})
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
	id, err := s.flow.CreateOffice(c.Request.Context(), currentUser(c), in.Name, in.Province)
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
	if err := s.flow.SetOfficeProvince(c.Request.Context(), currentUser(c), oid, in.Province); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiTownships(c *gin.Context) {
	a, err := s.flow.Administration(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for _, t := range a.Townships {
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
	id, err := s.flow.CreateTownship(c.Request.Context(), currentUser(c), in.Name, in.OfficeID)
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
	if err := s.flow.MoveTownship(c.Request.Context(), currentUser(c), tid, in.OfficeID); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ok": true})
}

func (s *Server) apiUsers(c *gin.Context) {
	a, err := s.flow.Administration(c.Request.Context(), currentUser(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []gin.H{}
	for i := range a.Users {
		out = append(out, userJSON(&a.Users[i]))
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

func (s *Server) apiCreateUser(c *gin.Context) {
	var in userRequest
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	id, pw, err := s.flow.AddUser(c.Request.Context(), currentUser(c), in.input())
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
	var in userRequest
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	pw, err := s.flow.UpdateUser(c.Request.Context(), currentUser(c), uid, in.input())
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
