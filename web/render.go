package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/corpus"
	pindex "lawreview/index/precedent"
	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/precedent"
	"lawreview/web/workflow"
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
	// A page that names a severity or a state it has no value of (a
	// legend, a count) gets the typed value, whose Label is the one name
	// shown.
	"severity":     func(s string) review.Severity { return review.Severity(s) },
	"severities":   func() []review.Severity { return review.Severities },
	"findingState": func(s string) decision.FindingState { return decision.FindingState(s) },
	"action":       func(s string) workflow.FindingAction { return workflow.FindingAction(s) },
	"lawStatus":    func(s string) corpus.Status { return corpus.Status(s) },
	"short": func(s string, n int) string {
		r := []rune(s)
		if len(r) <= n {
			return s
		}
		return string(r[:n]) + "…"
	},
	// query escapes a value for a link's query string. It is typed as a
	// URL so that html/template, which escapes a plain string in a query
	// itself, keeps the escapes instead of escaping their % again (a
	// double-escaped law name reached the article page as "%E4…" and was
	// refused).
	"query": func(s string) template.URL { return template.URL(url.QueryEscape(s)) },
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
	"join": strings.Join,
	// A finding's bases, one law's articles together.
	"byLaw": review.ByLaw,
	// Ticked boxes of a list of ids (a bureau's offices).
	"hasID": func(ids []int64, id int64) bool { return slices.Contains(ids, id) },
	// Precedent search (precedents.go).
	"fragment": fragmentHTML,
	"pct":      func(f float64) int { return int(f*100 + 0.5) },
	"tenth":    func(f float64) string { return fmt.Sprintf("w%d", int(f*10+0.5)*10) },
	"facet":    func(f string) pindex.Facet { return pindex.Facet(f) },
	// Facets count sources as strings.
	"source": func(s string) precedent.Source { return precedent.Source(s) },
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
		s.log().Error("render", "page", page, "error", err, "request_id", c.GetString(ctxRequestID))
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
