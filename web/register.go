package web

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"lawreview/review/decision"
	"lawreview/web/workflow"
)

// The 文号 register (issue 16): every opinion the user's offices issued in
// a year, searchable, with the gaps and duplicates of the numbering, as a
// page, JSON, .xlsx and CSV; and the signed opinion behind an entry, which
// is all a 司法局 reads of a document.

func registerQuery(c *gin.Context) (workflow.RegisterQuery, error) {
	var q workflow.RegisterQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		return q, userErr(http.StatusBadRequest, "检索条件有误，请检查填写的内容")
	}
	return q, nil
}

func (s *Server) register(c *gin.Context) (*workflow.Register, error) {
	q, err := registerQuery(c)
	if err != nil {
		return nil, err
	}
	return s.flow.RegisterOf(c.Request.Context(), currentUser(c), q)
}

func (s *Server) registerPage(c *gin.Context) {
	reg, err := s.register(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "register", gin.H{"Title": "审查意见书文号登记", "R": reg, "Conclusions": decision.Conclusions,
		"XLSX": withFormat(c, "/register/export", "xlsx"), "CSV": withFormat(c, "/register/export", "csv")})
}

// withFormat is the link to a download of path with the page's own query
// and format set: the file holds what the page shows.
func withFormat(c *gin.Context, path, format string) template.URL {
	q := c.Request.URL.Query()
	q.Set("format", format)
	return template.URL(path + "?" + q.Encode())
}

func (s *Server) apiRegister(c *gin.Context) {
	reg, err := s.register(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, reg)
}

// registerExport answers with the register as searched: ?format=xlsx or csv.
func (s *Server) registerExport(c *gin.Context) {
	q, err := registerQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.flow.RegisterExport(c.Request.Context(), currentUser(c), q, c.Query("format"))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f)
}

func (s *Server) registerOpinionPage(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	page, rd, err := s.flow.RegisterOpinionView(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendPrintView(c, page, printToolbar("/register", rd.Number(), [][2]string{{fmt.Sprintf("/register/%d/opinion/file", id), "下载 Word 版"}}))
}

func (s *Server) registerOpinionFile(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	f, err := s.flow.RegisterOpinionFile(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f)
}
