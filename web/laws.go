package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// Laws: an article in its context (the basis links) and the law search.

func (s *Server) articlePage(c *gin.Context) {
	a, err := s.flow.Article(c.Request.Context(), c.Query("law"), c.Query("article"), c.Query("at"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "article", gin.H{"Title": a.Law + a.Label, "A": a})
}

func (s *Server) apiArticle(c *gin.Context) {
	a, err := s.flow.Article(c.Request.Context(), c.Query("law"), c.Query("article"), c.Query("at"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

// searchInput reads a search from the query string: q, law, all=1,
// level (repeated or comma-separated), province (absent: the office's),
// all_regions=1, from.
func searchInput(c *gin.Context) workflow.LawSearch {
	in := workflow.LawSearch{Q: c.Query("q"), Law: c.Query("law"), All: c.Query("all") == "1",
		Levels: c.QueryArray("level"), AllRegions: c.Query("all_regions") == "1", From: c.Query("from")}
	if p, ok := c.GetQuery("province"); ok {
		in.Province = &p
	}
	return in
}

func (s *Server) searchPage(c *gin.Context) {
	in := searchInput(c)
	q := strings.TrimSpace(in.Q)
	province := ""
	if in.Province != nil {
		province = *in.Province
	} else if p, err := s.flow.UserProvince(c.Request.Context(), currentUser(c)); err == nil {
		province = p
	}
	levels := map[string]bool{}
	for _, l := range in.Levels {
		levels[l] = true
	}
	data := gin.H{"Title": "法律检索", "Q": q, "Law": in.Law, "All": in.All, "Province": province, "AllRegions": in.AllRegions,
		"Provinces": s.flow.Provinces(), "Levels": workflow.SearchLevels, "Checked": levels}
	if q != "" {
		res, err := s.flow.SearchLaws(c.Request.Context(), currentUser(c), in)
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
	} else if err := workflow.RequireRole(currentUser(c), storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "search", data)
}

func (s *Server) apiSearch(c *gin.Context) {
	res, err := s.flow.SearchLaws(c.Request.Context(), currentUser(c), searchInput(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
