package review

import (
	"os"
	"sort"
	"strings"
	"testing"
)

// docs/precedents.md lists the rules marked grave, each with the law that
// makes it so: no reviewer's dismissal of their findings becomes a lawful
// precedent, and no precedent marks them likely lawful. The list is the
// promise; this test keeps it and the rules' data the same.

const graveSection = "### 严重事项（grave）"

func TestGraveRulesListed(t *testing.T) {
	data, err := os.ReadFile("../docs/precedents.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i := strings.Index(doc, graveSection)
	if i < 0 {
		t.Fatalf("docs/precedents.md has no section %q", graveSection)
	}
	section := doc[i+len(graveSection):]
	if j := strings.Index(section, "\n#"); j >= 0 {
		section = section[:j]
	}
	listed := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.TrimSpace(line), "|")
		if len(cells) < 4 {
			continue
		}
		if m := ruleIDInCell.FindStringSubmatch(cells[1]); m != nil {
			if strings.TrimSpace(cells[3]) == "" {
				t.Errorf("%s: the row names no law", m[1])
			}
			listed[m[1]] = true
		}
	}
	rules, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, r := range rules {
		if r.Grave {
			marked = append(marked, r.ID)
			if !listed[r.ID] {
				t.Errorf("%s is marked grave but not listed in docs/precedents.md", r.ID)
			}
			if r.Severity != SeverityError {
				t.Errorf("%s is grave but only a %s", r.ID, r.Severity)
			}
		}
		delete(listed, r.ID)
	}
	for id := range listed {
		t.Errorf("docs/precedents.md lists %s as grave, but the rule is not marked (or does not exist)", id)
	}
	sort.Strings(marked)
	if len(marked) < 10 {
		t.Errorf("only %d grave rules: %v", len(marked), marked)
	}
}

// TestGraveFindingOfEngine: the engine flags the findings of grave rules,
// those merged with one and those made from a precedent of one; the flag
// reaches the report.
func TestGraveFindingOfEngine(t *testing.T) {
	e := testEngine(t)
	if !e.Grave("vr-public-shaming") || e.Grave("vr-fine") || e.Grave("no-such-rule") || e.Grave("") {
		t.Fatal("Grave does not follow the rules' data")
	}
	for _, tt := range []struct {
		name string
		f    Finding
		want bool
	}{
		{"own rule", Finding{Rule: "vr-detention"}, true},
		{"merged", Finding{Rule: "vr-fine", Merged: []string{"vr-confiscate"}}, true},
		{"from a precedent", Finding{Rule: RulePrecedent, FromPrecedent: &PrecedentRef{Rule: "vr-women-rights"}}, true},
		{"ordinary", Finding{Rule: "vr-fine", Merged: []string{"vr-sanction-catchall"}}, false},
		{"manual precedent", Finding{Rule: RulePrecedent, FromPrecedent: &PrecedentRef{Rule: "manual"}}, false},
	} {
		if got := e.GraveFinding(&tt.f); got != tt.want {
			t.Errorf("%s: GraveFinding = %v", tt.name, got)
		}
	}
	rep, err := e.Review(Input{Title: "青山村村规民约", Text: "青山村村规民约\n一、对偷盗集体财物的，由村治保会没收其财产并游街示众。\n二、乱倒垃圾的，罚款50元。\n"},
		Options{Type: "村规民约", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	var grave, fine bool
	for _, f := range rep.Findings {
		switch {
		case strings.Contains(f.Quote, "游街示众"):
			grave = f.Grave
		case strings.Contains(f.Quote, "罚款"):
			fine = !f.Grave
		}
	}
	if !grave || !fine {
		t.Errorf("report flags: 游街示众 grave %v, 罚款 not grave %v (%+v)", grave, fine, rep.Findings)
	}
}
