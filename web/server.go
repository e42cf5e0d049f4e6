// Package web is the workplace of clerks, reviewers and legal advisers: a
// gin server with server-rendered Chinese pages and a JSON API under
// /api/v1. Handlers parse input, call one operation of the workflow
// (web/workflow) and render; there is one file per resource (documents,
// reviews, precedents, laws, admin, stats, auth). Every change goes
// through the workflow; handlers read records through the store.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
	"lawreview/web/workflow"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the server needs: the workflow it serves (required) and
// how it meets the network.
type Config struct {
	Workflow *workflow.Service
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For is believed (for the audit log and login throttling);
	// none by default, so clients cannot choose the address recorded.
	TrustedProxies []string
	// SecureCookies marks cookies Secure even when the request arrived over
	// plain HTTP (TLS ends at a proxy). Under direct TLS they always are.
	SecureCookies bool
}

// Server serves the workplace.
type Server struct {
	cfg    Config
	flow   *workflow.Service
	pages  map[string]*template.Template
	router *gin.Engine
}

// New builds the server and its routes.
func New(cfg Config) (*Server, error) {
	if w := cfg.Workflow; w == nil || w.Store == nil || w.Files == nil || w.Engine == nil {
		return nil, errors.New("web: a Workflow with Store, Files and Engine is required")
	}
	s := &Server{cfg: cfg, flow: cfg.Workflow}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	s.router = s.routes()
	return s, nil
}

// Handler is the HTTP handler of the whole workplace.
func (s *Server) Handler() http.Handler { return s.router }

// store is the workflow's store: handlers read records through it; every
// change goes through the workflow.
func (s *Server) store() storage.Store { return s.flow.Store }

func (s *Server) log() *slog.Logger { return s.flow.Logger }

func (s *Server) now() time.Time { return s.flow.Now() }

func (s *Server) routes() *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		s.log().Error("trusted proxies", "error", err)
		_ = r.SetTrustedProxies(nil)
	}
	r.Use(securityHeaders, s.requestID, s.accessLog, s.recover, s.loadSession, s.limitBody)

	static, _ := fs.Sub(staticFS, "static")
	r.StaticFS("/static", http.FS(static))
	r.GET("/healthz", s.healthz)
	r.NoRoute(func(c *gin.Context) { s.fail(c, errNotFound) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, userErr(http.StatusMethodNotAllowed, "不支持该请求方法")) })

	// Pages.
	r.GET("/login", s.loginPage)
	r.POST("/login", s.loginSubmit)
	p := r.Group("/", s.requireLogin, s.checkCSRF)
	p.POST("/logout", s.logout)
	p.GET("/", s.home)
	p.GET("/documents", s.documentsPage)
	p.GET("/documents/new", s.uploadPage)
	p.POST("/documents", s.uploadSubmit)
	p.POST("/documents/confirm", s.confirmSubmit)
	p.GET("/documents/:id", s.documentPage)
	p.POST("/documents/:id/versions", s.versionSubmit)
	p.GET("/documents/:id/versions/:vid/file", s.downloadFile)
	p.GET("/documents/:id/opinion", s.opinionPage)
	p.GET("/documents/:id/opinion/file", s.opinionFile)
	p.GET("/documents/:id/opinion/pdf", s.opinionPDF)
	p.GET("/documents/:id/annotated", s.annotatedFile)
	p.GET("/documents/:id/suggested", s.suggestedFile)
	p.GET("/queue", s.queuePage)
	p.GET("/reviews/:id", s.reviewPage)
	p.GET("/reviews/:id/compare", s.comparePage)
	p.GET("/reviews/:id/opinion", s.opinionPage) // ?revision=: an earlier round
	p.GET("/reviews/:id/opinion/file", s.opinionFile)
	p.GET("/reviews/:id/opinion/pdf", s.opinionPDF)
	p.GET("/reviews/:id/annotated", s.annotatedFile)
	p.GET("/reviews/:id/suggested", s.suggestedFile)
	p.POST("/reviews/:id/findings", s.addFindingSubmit)
	p.POST("/reviews/:id/findings/:fid", s.decideFindingSubmit)
	p.POST("/reviews/:id/conclusion", s.conclusionSubmit)
	p.POST("/reviews/:id/signoff", s.signoffSubmit)
	p.POST("/reviews/:id/reopen", s.reopenSubmit)
	p.POST("/reviews/:id/type", s.typeSubmit)
	p.POST("/reviews/:id/comments", s.commentSubmit)
	p.POST("/reviews/:id/advisers", s.adviserSubmit)
	p.GET("/laws/article", s.articlePage)
	p.GET("/search", s.searchPage)
	p.GET("/account", s.accountPage)
	p.POST("/account/password", s.passwordSubmit)
	p.GET("/admin", s.adminPage)
	p.POST("/admin/offices", s.adminOfficeSubmit)
	p.POST("/admin/offices/:oid", s.adminOfficeUpdateSubmit)
	p.POST("/admin/offices/:oid/letterhead", s.adminLetterheadSubmit)
	p.POST("/admin/townships", s.adminTownshipSubmit)
	p.POST("/admin/townships/:tid", s.adminTownshipUpdateSubmit)
	p.POST("/admin/users", s.adminUserSubmit)
	p.POST("/admin/users/:uid", s.adminUserUpdateSubmit)
	p.GET("/admin/audit", s.auditPage)

	// JSON API: the same actions.
	r.POST("/api/v1/session", s.apiLogin)
	a := r.Group("/api/v1", s.requireLogin, s.checkCSRF)
	a.GET("/session", s.apiSession)
	a.DELETE("/session", s.apiLogout)
	a.GET("/documents", s.apiDocuments)
	a.POST("/documents", s.apiUpload)
	a.POST("/documents/detect", s.apiDetect)
	a.GET("/documents/:id", s.apiDocument)
	a.POST("/documents/:id/versions", s.apiVersion)
	a.GET("/documents/:id/opinion", s.apiOpinion) // ?format=docx or pdf: the file
	a.GET("/documents/:id/annotated", s.annotatedFile)
	a.GET("/documents/:id/suggested", s.suggestedFile)
	a.GET("/queue", s.apiQueue)
	a.GET("/reviews/:id", s.apiReview)
	a.GET("/reviews/:id/compare", s.apiCompare)
	a.GET("/reviews/:id/history", s.apiHistory)
	a.GET("/reviews/:id/opinion", s.apiOpinion) // ?format=, ?revision=
	a.GET("/reviews/:id/opinion/pdf", s.apiPDFState)
	a.GET("/reviews/:id/annotated", s.annotatedFile)
	a.GET("/reviews/:id/suggested", s.suggestedFile)
	a.POST("/reviews/:id/findings", s.apiAddFinding)
	a.POST("/reviews/:id/findings/:fid", s.apiDecideFinding)
	a.POST("/reviews/:id/conclusion", s.apiConclusion)
	a.POST("/reviews/:id/signoff", s.apiSignoff)
	a.POST("/reviews/:id/reopen", s.apiReopen)
	a.POST("/reviews/:id/type", s.apiType)
	a.POST("/reviews/:id/comments", s.apiComment)
	a.POST("/reviews/:id/advisers", s.apiAdviser)
	a.GET("/laws/article", s.apiArticle)
	a.GET("/search", s.apiSearch)
	a.POST("/account/password", s.apiPassword)
	a.GET("/admin/offices", s.apiOffices)
	a.POST("/admin/offices", s.apiCreateOffice)
	a.POST("/admin/offices/:oid", s.apiUpdateOffice)
	a.POST("/admin/offices/:oid/letterhead", s.apiLetterhead)
	a.GET("/admin/townships", s.apiTownships)
	a.POST("/admin/townships", s.apiCreateTownship)
	a.POST("/admin/townships/:tid", s.apiUpdateTownship)
	a.GET("/admin/users", s.apiUsers)
	a.POST("/admin/users", s.apiCreateUser)
	a.POST("/admin/users/:uid", s.apiUpdateUser)
	a.GET("/admin/audit", s.apiAudit)

	// Precedents, self-check and statistics (precedents.go, stats.go).
	p.GET("/precedents", s.precedentSearchPage)
	p.GET("/precedents/item/:pid", s.precedentPage)
	p.GET("/selfcheck", s.selfCheckPage)
	p.POST("/selfcheck", s.selfCheckSubmit)
	p.GET("/stats/rules", s.ruleStatsPage)
	p.GET("/admin/precedents", s.precedentAdminPage)
	p.POST("/admin/precedents/import", s.precedentImportSubmit)
	p.GET("/admin/precedents/export", s.precedentExport)
	p.POST("/admin/precedents/reindex", s.precedentReindexSubmit)
	a.GET("/precedents", s.apiPrecedentSearch)
	a.GET("/precedents/item/:pid", s.apiPrecedent)
	a.POST("/selfcheck", s.apiSelfCheck)
	a.GET("/stats/rules", s.apiRuleStats)
	a.POST("/admin/precedents/import", s.apiPrecedentImport)
	a.GET("/admin/precedents/export", s.precedentExport)

	// Statistics, the 文号 register, the annual report and the bureaus
	// (statistics.go, register.go, report.go, bureaus.go).
	p.GET("/stats", s.statisticsPage)
	p.GET("/stats/documents", s.figureListPage)
	p.GET("/register", s.registerPage)
	p.GET("/register/export", s.registerExport)
	p.GET("/register/:id/opinion", s.registerOpinionPage)
	p.GET("/register/:id/opinion/file", s.registerOpinionFile)
	p.GET("/report", s.reportPage)
	p.GET("/report/file", s.reportFile)
	p.POST("/admin/bureaus", s.adminBureauSubmit)
	p.POST("/admin/bureaus/:bid", s.adminBureauUpdateSubmit)
	a.GET("/stats", s.apiStatistics)
	a.GET("/stats/documents", s.apiFigureList)
	a.GET("/register", s.apiRegister)
	a.GET("/register/export", s.registerExport)
	a.GET("/report", s.reportFile)
	a.GET("/admin/bureaus", s.apiBureaus)
	a.POST("/admin/bureaus", s.apiCreateBureau)
	a.POST("/admin/bureaus/:bid", s.apiUpdateBureau)
	return r
}

func (s *Server) healthz(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.store().CountUsers(ctx); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "error", "error": "数据库不可用"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// Serve listens on addr until ctx is cancelled, then stops accepting
// connections and lets in-flight requests finish (up to 30 s). The caller
// closes the store and index afterwards. ready, if not nil, receives the
// bound address once listening.
func (s *Server) Serve(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // slow uploads over township networks
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log().Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log().Info("shutting down: waiting for in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

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
