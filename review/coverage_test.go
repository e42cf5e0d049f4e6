package review

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// docs/coverage.md maps every enumerated prohibition of the sources a
// township review applies to the rules that find it, or to a manual check
// with its reason. The table is the promise; this test keeps it true: a
// rule it names must exist, every rule must be named somewhere, a row
// naming no rule must say why a machine cannot decide it, and the items
// of the enumerations the review is held to must all be rows.

const coverageDoc = "../docs/coverage.md"

type coverageRow struct {
	section, item, what, rules, note string
	ids                              []string
}

var ruleIDInCell = regexp.MustCompile("`([a-z][a-z0-9-]*)`")

func readCoverage(t *testing.T) []coverageRow {
	t.Helper()
	data, err := os.ReadFile(coverageDoc)
	if err != nil {
		t.Fatalf("read %s: %v", coverageDoc, err)
	}
	var rows []coverageRow
	section := ""
	ruleCol, noteCol := -1, -1
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "## ") {
			section = strings.TrimPrefix(line, "## ")
			ruleCol, noteCol = -1, -1
			continue
		}
		if !strings.HasPrefix(line, "|") {
			ruleCol, noteCol = -1, -1
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if ruleCol < 0 {
			// The header row names the columns.
			for i, c := range cells {
				switch c {
				case "规则":
					ruleCol = i
				case "说明":
					noteCol = i
				}
			}
			if ruleCol < 0 || noteCol < 0 {
				t.Fatalf("%s: table in section %q has no 规则/说明 column: %s", coverageDoc, section, line)
			}
			continue
		}
		if strings.Trim(line, "|-: ") == "" {
			continue // separator row
		}
		if len(cells) <= max(ruleCol, noteCol) {
			t.Errorf("%s: row with %d cells in %q: %s", coverageDoc, len(cells), section, line)
			continue
		}
		r := coverageRow{section: section, item: cells[0], what: cells[1], rules: cells[ruleCol], note: cells[noteCol]}
		for _, m := range ruleIDInCell.FindAllStringSubmatch(r.rules, -1) {
			r.ids = append(r.ids, m[1])
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatalf("%s: no table rows", coverageDoc)
	}
	return rows
}

func TestCoverageTable(t *testing.T) {
	e := testEngine(t)
	rows := readCoverage(t)
	exists := map[string]bool{}
	for _, r := range e.Rules() {
		exists[r.ID] = true
	}
	listed := map[string]bool{}
	for _, r := range rows {
		if len(r.ids) == 0 {
			if !strings.Contains(r.rules, "人工") || r.note == "" {
				t.Errorf("%s %s: no rule and no reason why a machine cannot decide it", r.section, r.item)
			}
			continue
		}
		for _, id := range r.ids {
			if !exists[id] {
				t.Errorf("%s %s: rule %s does not exist", r.section, r.item, id)
			}
			listed[id] = true
		}
	}
	var unlisted []string
	for id := range exists {
		if !listed[id] {
			unlisted = append(unlisted, id)
		}
	}
	sort.Strings(unlisted)
	for _, id := range unlisted {
		t.Errorf("rule %s is not in %s", id, coverageDoc)
	}

	// Every item of the enumerations the review is held to is a row.
	has := func(section, item string) bool {
		for _, r := range rows {
			if strings.Contains(r.section, section) && strings.Contains(r.item, item) {
				return true
			}
		}
		return false
	}
	required := map[string][]string{
		"公平竞争审查条例": {
			"第八条（一）", "第八条（二）", "第八条（三）", "第八条（四）", "第八条（五）",
			"第九条（一）", "第九条（二）", "第九条（三）", "第九条（四）", "第九条（五）", "第九条（六）",
			"第十条（一）", "第十条（二）", "第十条（三）", "第十条（四）",
			"第十一条（一）", "第十一条（二）", "第十一条（三）", "第十一条（四）", "第十二条",
		},
		"行政许可法":        {"第十四条", "第十五条第一款", "第十五条第二款", "第十六条", "第十七条"},
		"行政处罚法":        {"第九条", "第十四条", "第十五条", "第十六条"},
		"行政强制法":        {"第九条", "第十条", "第十七条"},
		"村民委员会组织法":     {"村委会组织法第二十七条", "居委会组织法第十五条", "宪法第三十四条", "宪法第三十五条", "宪法第三十六条", "宪法第三十七条", "宪法第三十八条", "宪法第三十九条", "宪法第四十条", "宪法第四十一条", "宪法第四十九条"},
		"妇女权益保障法":      {"第五十五条", "第五十六条"},
		"农村土地承包法":      {"第二十七条", "第二十八条", "第三十一条", "第三十八条", "第五十七条（一）", "第五十七条（七）"},
		"信访工作条例":       {"第十七条", "第四十六条"},
		"人口与计划生育法":     {"第十八条", "第十九条、第二十条"},
		"立法法":          {"第十一条（四）", "第十一条（五）"},
		"重大行政决策程序暂行条例": {"第十四条", "第十九条", "第二十二条", "第二十五条", "第三十条", "第三十二条"},
		"民法典、招标投标法":    {"民法典第一百五十三条", "民法典第七百零五条", "招标投标法第三条", "招标投标法第二十条"},
		"优化营商环境条例":     {"第六十四条", "第六十九条（一）", "第六十九条（十）"},
		"招标投标法实施条例":    {"第三十二条第二款（一）", "第三十二条第二款（二）", "第三十二条第二款（三）", "第三十二条第二款（四）", "第三十二条第二款（五）", "第三十二条第二款（六）", "第三十二条第二款（七）"},
		"政府采购法实施条例":    {"第二十条（一）", "第二十条（二）", "第二十条（三）", "第二十条（四）", "第二十条（五）", "第二十条（六）", "第二十条（七）", "第二十条（八）"},
	}
	for section, items := range required {
		for _, item := range items {
			if !has(section, item) {
				t.Errorf("%s: no row for %s %s", coverageDoc, section, item)
			}
		}
	}
}
