package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lawreview/web/workflow"
)

// Statistics of the offices a user reads (issue 16): the page with its
// filters and charts, and the list of documents behind each figure. The
// figures are the workflow's (workflow.Statistics); this file only reads
// the query and renders.

func (s *Server) statistics(c *gin.Context) (*workflow.Stats, error) {
	var q workflow.StatsQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		return nil, userErr(http.StatusBadRequest, "统计条件有误，请检查填写的内容")
	}
	return s.flow.Statistics(c.Request.Context(), currentUser(c), q)
}

func (s *Server) statisticsPage(c *gin.Context) {
	st, err := s.statistics(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "statistics", gin.H{"Title": "审查统计", "S": st, "Charts": statsCharts(st), "DocTypes": workflow.DocTypes})
}

func (s *Server) apiStatistics(c *gin.Context) {
	st, err := s.statistics(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// figureList is the documents behind the figure a query names.
func (s *Server) figureList(c *gin.Context) (*workflow.FigureList, error) {
	var q workflow.StatsQuery
	if err := c.ShouldBindQuery(&q); err != nil {
		return nil, userErr(http.StatusBadRequest, "统计条件有误，请检查填写的内容")
	}
	key, err := workflow.ParseFigureKey(c.Query)
	if err != nil {
		return nil, err
	}
	return s.flow.StatsDocuments(c.Request.Context(), currentUser(c), q, key)
}

func (s *Server) figureListPage(c *gin.Context) {
	l, err := s.figureList(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "stats_documents", gin.H{"Title": l.Title, "L": l})
}

func (s *Server) apiFigureList(c *gin.Context) {
	l, err := s.figureList(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, l)
}
