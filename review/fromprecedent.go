package review

import (
	"fmt"
	"sort"
	"strings"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// Findings from precedents: a sentence that no rule flags but that repeats
// a clause judged unlawful — in a published case or in one of the office's
// own reviews — is a finding of its own, so that what reviewers decided
// once is found again even where no rule knows the wording.

// PrecedentFinder finds the unlawful precedent a sentence repeats
// (precedent.Finder implements it over precedents held in memory). It is
// called from one goroutine per review, for every sentence no rule flagged;
// nil, nil means none.
type PrecedentFinder interface {
	Find(sentence, docType string) (*precedent.Match, error)
}

// RulePrecedent is the rule id of a finding made from a precedent.
const RulePrecedent = "precedent"

// precedentFindings asks the finder about every sentence that no clause
// finding touches and returns the new findings.
func (e *Engine) precedentFindings(c *reviewCtx, fs []Finding) ([]Finding, error) {
	finder := e.precedents
	if c.opt.Precedents != nil {
		finder = c.opt.Precedents
	}
	if finder == nil {
		return nil, nil
	}
	d := c.d
	// One finding per problem. A clause finding flags its place; so does a
	// document finding quoted away from the title (nd-validity-missing
	// quotes the 施行 sentence), which a precedent of the same problem —
	// an office's earlier review of a 施行 sentence — would otherwise
	// report a second time. A document rule that reported anywhere has
	// said what a precedent naming it would say.
	var flagged []span
	reported := map[string]bool{}
	for _, f := range fs {
		if f.Document {
			reported[f.Rule] = true
			for _, m := range f.Merged {
				reported[m] = true
			}
		}
		s := span{f.Start, f.End}
		titled := d.title.end > d.title.start && s.start < d.title.end && d.title.start < s.end
		if !f.Document || s.end > s.start && !titled {
			flagged = append(flagged, s)
		}
	}
	touched := func(s span) bool {
		for _, x := range flagged {
			if x.start < s.end && s.start < x.end {
				return true
			}
		}
		return false
	}
	var out []Finding
	for _, st := range d.sents {
		s := span{st.Start, st.End}
		if s.end <= s.start || touched(s) || (d.title.end > d.title.start && s.start < d.title.end && d.title.start < s.end) {
			continue
		}
		m, err := finder.Find(st.Text, c.typ)
		if err != nil {
			return nil, fmt.Errorf("find precedents for %q: %w", st.Text, err)
		}
		if m == nil || m.Precedent.Verdict != precedent.Unlawful || reported[m.Precedent.Rule] {
			continue
		}
		q := d.expand(span{s.start + m.Start, s.start + m.End}, "clause")
		if q.end <= q.start {
			continue
		}
		out = append(out, e.precedentFinding(c, m, q))
		flagged = append(flagged, q)
	}
	return out, nil
}

// precedentFinding is the finding for match m at q.
func (e *Engine) precedentFinding(c *reviewCtx, m *precedent.Match, q span) Finding {
	d := c.d
	p := &m.Precedent
	item := "内容合法性"
	title := "与被认定违法的先例相似"
	if r := e.rule(p.Rule); r != nil {
		item = r.Item
		title += "：" + r.Title
	} else if p.RuleTitle != "" {
		title += "：" + p.RuleTitle
	}
	problem := strings.TrimSpace(p.Problem)
	if problem == "" {
		problem = "该条款可能违法，请对照先例审查。"
	}
	fix := strings.TrimSpace(p.Fix)
	if fix == "" {
		fix = "参照该先例的审查意见修改或删除该条款。"
	}
	f := Finding{
		Rule: RulePrecedent, Title: title, Item: item, Severity: SeverityWarning,
		Message: precedentLead(p) + problem, Suggestion: fix,
		Start: q.start, End: q.end, Quote: string(d.runes[q.start:q.end]), Line: d.line(q.start),
		Basis: []Basis{}, Related: []Related{},
		FromPrecedent: &PrecedentRef{
			ID: p.ID, Clause: p.Clause, Verdict: p.Verdict, Conclusion: p.Conclusion, Date: p.Date,
			DocType: p.DocType, Rule: p.Rule, Similarity: round3(m.Similarity), Summary: p.Summary(true),
			Source: p.Source, Publisher: p.Publisher, SourceURL: p.URL, Citation: p.Citation, Case: p.Case,
		},
	}
	if p.Published() {
		f.FromPrecedent.Township = p.Township
	}
	seen := map[lawRef]bool{}
	for _, b := range p.Basis {
		ref := BasisRef{Law: strings.TrimSpace(b.Law), Article: strings.TrimSpace(b.Article)}
		if ref.Law == "" || seen[ref.key()] {
			continue
		}
		seen[ref.key()] = true
		f.Basis = append(f.Basis, e.excerpt(e.basisAt(ref, c.at), p.RuleTitle+"\n"+problem))
	}
	return f
}

// precedentLead says where the precedent comes from, e.g.
// 与已公布案例中被认定违法的条款相似（市场监管总局2023年公布）：. An office's
// own review is named by its month and document type only: the finding is
// read by clerks of other townships.
func precedentLead(p *precedent.Precedent) string {
	year := ""
	if t := p.Time(); !t.IsZero() {
		year = fmt.Sprintf("%d年", t.Year())
	}
	switch {
	case p.Published() && p.Publisher != "":
		return "与已公布案例中被认定违法的条款相似（" + p.Publisher + year + "公布）："
	case p.Published() && p.Month() != "":
		return "与导入的审查先例中被认定违法的条款相似（" + p.Month() + "）："
	case p.Published():
		return "与导入的审查先例中被认定违法的条款相似："
	}
	where := p.Month() + p.DocType + "审查"
	return "与本所以往审查中被认定违法的条款相似（" + where + "）："
}

func round3(x float64) float64 { return float64(int(x*1000+0.5)) / 1000 }

// withPrecedents adds the precedent findings to fs (which finish sorted)
// and gives them related articles like any other finding.
func (e *Engine) withPrecedents(c *reviewCtx, fs []Finding) ([]Finding, error) {
	pf, err := e.precedentFindings(c, fs)
	if err != nil || len(pf) == 0 {
		return fs, err
	}
	sentences := make([]string, len(pf))
	for i, f := range pf {
		sentences[i] = c.d.sentenceAround(span{start: f.Start, end: f.End})
	}
	if err := e.fillRelated(pf, sentences, c.opt.Province); err != nil {
		return nil, err
	}
	return addSorted(fs, pf), nil
}

// addSorted adds the findings of a later stage to fs (sorted, as finish
// leaves them) and keeps the order: by place, the most severe first.
func addSorted(fs, more []Finding) []Finding {
	fs = append(fs, more...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Start != fs[j].Start {
			return fs[i].Start < fs[j].Start
		}
		return fs[i].Severity.Rank() > fs[j].Severity.Rank()
	})
	return fs
}

// ArticleTexts returns the text of every article of c, one string an
// article: the background precedent.Finder learns its bigram weights from
// (FinderOptions.Background). The default corpus is the usual choice: the
// same in every binary, so a finding does not change with what an office
// imported.
func ArticleTexts(c *corpus.Corpus) []string {
	var out []string
	for _, l := range c.Laws() {
		for i := range l.Articles {
			out = append(out, l.Articles[i].Text)
		}
	}
	return out
}
