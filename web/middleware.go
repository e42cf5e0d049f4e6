package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/web/auth"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

const (
	sessionCookie    = "lawreview_session"
	loginCSRFCookie  = "lawreview_login_csrf"
	csrfHeader       = "X-CSRF-Token"
	csrfField        = "csrf_token"
	requestIDHeader  = "X-Request-ID"
	ctxUser          = "user"
	ctxSession       = "session"
	ctxRequestID     = "request_id"
	ctxSessionStatus = "session_status"
)

// securityHeaders go on every answer, JSON, files and errors included:
// browsers must not guess a type other than the one sent (a stored .txt
// rendered as HTML), and no other site may learn from a Referer which
// document or review a user had open.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	c.Next()
}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// requestID accepts a sane X-Request-ID from a proxy or makes one, and
// echoes it so that users can quote it when reporting a problem.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if !validRequestID.MatchString(id) {
		id = auth.Token(9)
	}
	c.Set(ctxRequestID, id)
	c.Header(requestIDHeader, id)
	c.Request = c.Request.WithContext(workflow.WithRequest(c.Request.Context(), c.ClientIP(), id))
	c.Next()
}

func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	attrs := []any{
		slog.String("request_id", c.GetString(ctxRequestID)),
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Duration("duration", time.Since(start)),
		slog.String("ip", c.ClientIP()),
	}
	if u := currentUser(c); u != nil {
		attrs = append(attrs, slog.String("user", u.Username))
	}
	if errs := c.Errors.ByType(gin.ErrorTypePrivate); len(errs) > 0 {
		attrs = append(attrs, slog.String("error", errs.String()))
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	if c.Request.URL.Path == "/healthz" || strings.HasPrefix(c.Request.URL.Path, "/static/") {
		level = slog.LevelDebug
	}
	s.log().Log(c.Request.Context(), level, "request", attrs...)
}

func (s *Server) recover(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.log().Error("panic", "request_id", c.GetString(ctxRequestID), "panic", r, "stack", string(debug.Stack()))
			if !c.Writer.Written() {
				s.fail(c, userErr(http.StatusInternalServerError, "服务器内部错误，请稍后重试或联系管理员"))
			}
			c.Abort()
		}
	}()
	c.Next()
}

// loadSession attaches the user of a valid session cookie. Requests
// without one continue anonymously; requireLogin rejects them where needed.
func (s *Server) loadSession(c *gin.Context) {
	tok, err := c.Cookie(sessionCookie)
	if err != nil || tok == "" {
		c.Next()
		return
	}
	ctx := c.Request.Context()
	se, err := s.store().Session(ctx, auth.HashToken(tok))
	if err != nil {
		if !errors.Is(err, storage.ErrNotFound) {
			c.Error(err)
		}
		c.Set(ctxSessionStatus, "invalid")
		c.Next()
		return
	}
	if !s.now().Before(se.ExpiresAt) {
		// Kept until the next login sweeps expired sessions, so that every
		// request with it can say "expired" rather than "not logged in".
		c.Set(ctxSessionStatus, "expired")
		c.Next()
		return
	}
	u, err := s.store().User(ctx, se.UserID)
	if err != nil || u.Disabled {
		c.Set(ctxSessionStatus, "invalid")
		c.Next()
		return
	}
	c.Set(ctxSession, se)
	c.Set(ctxUser, u)
	c.Next()
}

func currentUser(c *gin.Context) *storage.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*storage.User)
	return user
}

func currentSession(c *gin.Context) *storage.Session {
	v, _ := c.Get(ctxSession)
	se, _ := v.(*storage.Session)
	return se
}

func isAPI(c *gin.Context) bool { return strings.HasPrefix(c.Request.URL.Path, "/api/") }

func (s *Server) requireLogin(c *gin.Context) {
	if currentUser(c) != nil {
		c.Next()
		return
	}
	code := "login"
	if c.GetString(ctxSessionStatus) == "expired" {
		code = "expired"
	}
	if isAPI(c) {
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": loginMessages[code], "request_id": c.GetString(ctxRequestID)})
		return
	}
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		next = "/"
	}
	to := "/login?next=" + url.QueryEscape(next)
	if next != "/" || code != "login" {
		// Opening the site is no error; a deep link or an expired session is
		// worth a word. A code, not the words: see loginMessages.
		to += "&m=" + code
	}
	c.Redirect(http.StatusSeeOther, to)
	c.Abort()
}

// checkCSRF guards every state-changing request of a logged-in session:
// the token of the session must come back in the X-CSRF-Token header (API,
// fetch) or the csrf_token form field (pages).
func (s *Server) checkCSRF(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	se := currentSession(c)
	tok := c.GetHeader(csrfHeader)
	if tok == "" && !isAPI(c) {
		if strings.HasPrefix(c.ContentType(), "multipart/") {
			// The token is a form field of the multipart body: parse it
			// here (bounded by limitBody, which also refused roles that
			// may not send a file) so that no multipart handler can forget
			// the check. Handlers find the form already parsed.
			if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
				if isTooLarge(err) {
					s.fail(c, s.fileTooLarge(c.FullPath()))
				} else {
					s.fail(c, &Error{Status: http.StatusBadRequest, Msg: "表单格式有误，请刷新页面后重试", Err: err})
				}
				c.Abort()
				return
			}
		}
		tok = c.PostForm(csrfField)
	}
	if se == nil || !auth.EqualTokens(tok, se.CSRFToken) {
		s.fail(c, errCSRF)
		c.Abort()
		return
	}
	c.Next()
}

// fail answers with err: JSON for the API, an error page otherwise.
func (s *Server) fail(c *gin.Context, err error) {
	ue := asUserError(err)
	if ue.Err != nil || ue.Status >= 500 {
		c.Error(err)
	}
	if isAPI(c) {
		c.AbortWithStatusJSON(ue.Status, gin.H{"error": ue.Msg, "request_id": c.GetString(ctxRequestID)})
		return
	}
	c.Status(ue.Status)
	s.render(c, ue.Status, "error", gin.H{"Title": "出错了", "Status": ue.Status, "Message": ue.Msg})
	c.Abort()
}

func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	secure := s.cfg.SecureCookies || c.Request.TLS != nil
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	})
}
