package review

import (
	"strconv"
	"strings"
)

// The checklist notes are read by people: in the CLI report, in the JSON
// other programs show, and in the signed opinion. They say what a reviewer
// would write in the margin of the checklist — the problems by their
// titles and numbers — never a rule id (ids stay in ChecklistItem.Rules).

// Checklist notes for the items without problems.
const (
	// NoteOK: the rules for the item ran on this type and found nothing.
	NoteOK = "未发现问题"
	// NoteManual: no rule decides the item for this type of document, so
	// the reviewer judges it from the materials submitted.
	NoteManual = "需结合送审材料核实"
)

// ProblemRef is one problem as a checklist note names it: its title and
// its number in the list of problems (the CLI report's or the opinion's).
type ProblemRef struct {
	Title  string
	Number int
}

// ProblemNote writes the note of a checklist item from its problems, in
// order: "村规民约设定罚款（问题1）；公开曝光个人信息（问题2、4）". Problems of
// the same title share one entry. numeral writes a problem number: Arabic
// in the CLI report, Chinese numerals in the opinion.
func ProblemNote(refs []ProblemRef, numeral func(int) string) string {
	if numeral == nil {
		numeral = strconv.Itoa
	}
	var titles []string
	nums := map[string][]string{}
	for _, r := range refs {
		t := strings.TrimSpace(r.Title)
		if t == "" {
			t = "存在问题"
		}
		if _, ok := nums[t]; !ok {
			titles = append(titles, t)
		}
		n := numeral(r.Number)
		if !contains(nums[t], n) {
			nums[t] = append(nums[t], n)
		}
	}
	parts := make([]string, 0, len(titles))
	for _, t := range titles {
		parts = append(parts, t+"（问题"+strings.Join(nums[t], "、")+"）")
	}
	return strings.Join(parts, "；")
}
