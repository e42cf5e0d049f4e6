package web

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"lawreview/web/auth"
	"lawreview/web/storage"
)

// Logging in and out, the session, the own password.

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
	_, tok, _, err := s.flow.Login(c.Request.Context(), c.PostForm("username"), c.PostForm("password"), c.Request.UserAgent())
	if err != nil {
		ue := asUserError(err)
		newTok := auth.Token(24)
		s.setCookie(c, loginCSRFCookie, newTok, 3600)
		s.render(c, ue.Status, "login", gin.H{"Title": "登录", "LoginCSRF": newTok, "Next": next, "Error": ue.Msg, "Username": c.PostForm("username")})
		return
	}
	s.setCookie(c, loginCSRFCookie, "", -1)
	s.setCookie(c, sessionCookie, tok, int(s.flow.SessionTTL.Seconds()))
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logout(c *gin.Context) {
	s.endSession(c)
	c.Redirect(http.StatusSeeOther, "/login")
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
	u, tok, se, err := s.flow.Login(c.Request.Context(), in.Username, in.Password, c.Request.UserAgent())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, tok, int(s.flow.SessionTTL.Seconds()))
	c.JSON(http.StatusOK, gin.H{"user": userJSON(u), "csrf_token": se.CSRFToken, "expires_at": se.ExpiresAt})
}

func userJSON(u *storage.User) gin.H {
	return gin.H{"id": u.ID, "username": u.Username, "display_name": u.DisplayName, "role": u.Role, "role_name": u.Role.Label(),
		"township_id": u.TownshipID, "township": u.TownshipName, "office_id": u.OfficeID, "office": u.OfficeName, "disabled": u.Disabled,
		"bureau_id": u.BureauID, "bureau": u.BureauName}
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
		s.flow.Logout(c.Request.Context(), currentUser(c), se)
	}
	s.setCookie(c, sessionCookie, "", -1)
}

func (s *Server) accountPage(c *gin.Context) {
	s.render(c, http.StatusOK, "account", gin.H{"Title": "我的账号"})
}

func (s *Server) passwordSubmit(c *gin.Context) {
	err := s.flow.ChangePassword(c.Request.Context(), currentUser(c), c.PostForm("old_password"), c.PostForm("new_password"))
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

func (s *Server) apiPassword(c *gin.Context) {
	var in struct {
		Old string `json:"old_password" form:"old_password"`
		New string `json:"new_password" form:"new_password"`
	}
	if err := bind(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.flow.ChangePassword(c.Request.Context(), currentUser(c), in.Old, in.New); err != nil {
		s.fail(c, err)
		return
	}
	s.setCookie(c, sessionCookie, "", -1)
	c.JSON(http.StatusOK, gin.H{"ok": true})
}
