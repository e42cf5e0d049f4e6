package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lawreview/web/workflow"
)

// The annual report (issue 16): "XX司法所（司法局）XXXX年度合法性审查工作情况"
// shown as a page and downloaded as .docx (公文) or .xlsx (one sheet per
// table); the workflow writes both.

func reportQuery(c *gin.Context) (workflow.ReportQuery, error) {
	var q workflow.ReportQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		return q, userErr(http.StatusBadRequest, "报告条件有误，请检查填写的内容")
	}
	return q, nil
}

func (s *Server) reportPage(c *gin.Context) {
	q, err := reportQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	r, err := s.flow.AnnualReport(c.Request.Context(), currentUser(c), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "report", gin.H{"Title": r.Title, "R": r,
		"DOCX": withFormat(c, "/report/file", "docx"), "XLSX": withFormat(c, "/report/file", "xlsx")})
}

// reportFile answers with the report: ?format=docx or xlsx.
func (s *Server) reportFile(c *gin.Context) {
	q, err := reportQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.flow.ReportFile(c.Request.Context(), currentUser(c), q, c.Query("format"))
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, f)
}
