package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Local().Format("2006-01-02")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Local().Format("2006-01-02 15:04")
	},
	"isodate": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	},
	"statusName": statusName,
	// The engine's findings carry severities and states as strings; these
	// give templates the typed value, whose Label is the one name shown.
	"severity":     func(s string) storage.Severity { return storage.Severity(s) },
	"severities":   func() []storage.Severity { return storage.Severities },
	"findingState": func(s string) decision.FindingState { return decision.FindingState(s) },
	"checkName": func(s string) string {
		switch s {
		case review.StatusProblem:
			return "有问题"
		case review.StatusOK:
			return "通过"
		case review.StatusManual:
			return "需人工判断"
		}
		return s
	},
	"short": func(s string, n int) string {
		r := []rune(s)
		if len(r) <= n {
			return s
		}
		return string(r[:n]) + "…"
	},
	"query": url.QueryEscape,
	"size": func(n int64) string {
		switch {
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
		case n >= 1<<10:
			return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
		}
		return fmt.Sprintf("%d 字节", n)
	},
	"add": func(a, b int) int { return a + b },
	"abs": func(a int) int {
		if a < 0 {
			return -a
		}
		return a
	},
	"join":       strings.Join,
	"actionName": auditActionName,
}

// auditActions names the audit log's action codes for administrators.
var auditActions = map[string]string{
	"login": "登录", "login_failed": "登录失败", "login_throttled": "登录被锁定", "logout": "退出",
	"upload": "提交文件", "upload_version": "上传新版本", "file_download": "下载原文件",
	"finding_accept": "采纳意见", "finding_dismiss": "不采纳意见", "finding_edit": "修改意见措辞", "finding_reopen": "撤销意见决定",
	"finding_add": "添加意见", "conclusion": "保存结论草稿", "signoff": "签发", "reopen": "重新打开审查",
	"comment": "发表意见", "adviser_assign": "分配法律顾问", "adviser_unassign": "取消分配法律顾问",
	"opinion_view": "查看意见书", "opinion_download": "下载意见书",
	"password_change": "修改密码", "office_create": "添加司法所", "township_create": "添加镇（街道）", "township_move": "改派镇（街道）",
	"user_create": "创建账号", "user_update": "修改账号",
}

func auditActionName(code string) string {
	if n, ok := auditActions[code]; ok {
		return n
	}
	return code
}

// parseTemplates parses each page together with the layout, so that every
// page defines its own "content" block.
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		out[base] = t
	}
	return out, nil
}

// render executes a page into a buffer first so that a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, page string, data gin.H) {
	t, ok := s.pages[page]
	if !ok {
		c.String(http.StatusInternalServerError, "页面模板缺失："+page)
		return
	}
	if data == nil {
		data = gin.H{}
	}
	u := currentUser(c)
	data["User"] = u
	if se := currentSession(c); se != nil {
		data["CSRF"] = se.CSRFToken
	}
	data["RequestID"] = c.GetString(ctxRequestID)
	if f, err := c.Cookie("lawreview_flash"); err == nil && f != "" {
		if msg, err := url.QueryUnescape(f); err == nil && data["Flash"] == nil {
			data["Flash"] = msg
		}
		s.setCookie(c, "lawreview_flash", "", -1)
	}
	data["Path"] = c.Request.URL.Path
	entry := "layout"
	if t.Lookup("standalone") != nil {
		entry = "standalone"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, entry, data); err != nil {
		s.log.Error("render", "page", page, "error", err, "request_id", c.GetString(ctxRequestID))
		c.String(http.StatusInternalServerError, "页面渲染失败，请联系管理员（请求编号 "+c.GetString(ctxRequestID)+"）")
		return
	}
	c.Header("Content-Type", "text/html; charset=utf-8")
	c.Header("X-Frame-Options", "DENY")
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	c.Header("Cache-Control", "no-store")
	c.Status(status)
	_, _ = c.Writer.Write(buf.Bytes())
}

// flash shows msg once on the next page.
func (s *Server) flash(c *gin.Context, msg string) {
	s.setCookie(c, "lawreview_flash", url.QueryEscape(msg), 60)
}

func (s *Server) redirect(c *gin.Context, to, msg string) {
	if msg != "" {
		s.flash(c, msg)
	}
	c.Redirect(http.StatusSeeOther, to)
}
