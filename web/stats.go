package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lawreview/web/storage"
)

// Statistics: how reviewers judged each rule's findings.

// RuleStatJSON is one rule on the statistics page.
type RuleStatJSON struct {
	Rule           string  `json:"rule"`  // the rule's id, for machines
	Title          string  `json:"title"` // the rule as users know it
	Item           string  `json:"item"`
	Accepted       int     `json:"accepted"`
	Dismissed      int     `json:"dismissed"`
	Open           int     `json:"open"`
	AcceptanceRate float64 `json:"acceptance_rate"` // accepted / (accepted + dismissed)
	OftenDismissed bool    `json:"often_dismissed"`
}

func (s *Server) ruleStatJSON(r storage.RuleStat) RuleStatJSON {
	return RuleStatJSON{Rule: r.Rule, Title: s.flow.RuleLabel(r.Rule), Item: r.Title, Accepted: r.Accepted, Dismissed: r.Dismissed, Open: r.Open,
		AcceptanceRate: float64(int(r.AcceptanceRate()*1000+0.5)) / 1000, OftenDismissed: r.OftenDismissed()}
}

func (s *Server) ruleStats(c *gin.Context) ([]RuleStatJSON, error) {
	rs, err := s.flow.RuleStats(c.Request.Context(), currentUser(c))
	if err != nil {
		return nil, err
	}
	out := []RuleStatJSON{}
	for _, r := range rs {
		out = append(out, s.ruleStatJSON(r))
	}
	return out, nil
}

func (s *Server) ruleStatsPage(c *gin.Context) {
	rs, err := s.ruleStats(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "stats", gin.H{"Title": "规则采纳率统计", "Stats": rs})
}

func (s *Server) apiRuleStats(c *gin.Context) {
	rs, err := s.ruleStats(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"rules": rs})
}
