package workflow

import (
	"sync"

	"lawreview/review"
)

// RuleManual is the rule of a finding a reviewer added.
const RuleManual = "manual"

// ruleNames is the engine's rules by id, read once (the rules are fixed
// while the server runs).
type ruleNames struct {
	once sync.Once
	list []review.RuleName
	byID map[string]review.RuleName
}

func (s *Service) ruleNames() *ruleNames {
	s.rules.once.Do(func() {
		s.rules.list = s.Engine.RuleNames()
		s.rules.byID = make(map[string]review.RuleName, len(s.rules.list))
		for _, r := range s.rules.list {
			s.rules.byID[r.ID] = r
		}
	})
	return &s.rules
}

// RuleChoices are the rules a user can filter by, as they are named.
func (s *Service) RuleChoices() []review.RuleName { return s.ruleNames().list }

// RuleLabel is how pages name the rule with id: its title. A rule id is
// for machines and never shown; an id this engine does not know (a
// precedent imported from an office with other rules) is named as such.
func (s *Service) RuleLabel(id string) string {
	switch id {
	case "":
		return ""
	case RuleManual:
		return "审查人自行提出的意见"
	}
	if r, ok := s.ruleNames().byID[id]; ok {
		return r.Title
	}
	return "本系统没有的审查规则"
}

// ruleTitle is the title of a rule this engine has, or of a reviewer's
// own finding.
func (s *Service) ruleTitle(id string) (string, bool) {
	if id == RuleManual {
		return s.RuleLabel(id), true
	}
	r, ok := s.ruleNames().byID[id]
	return r.Title, ok
}
