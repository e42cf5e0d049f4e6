// Package compare tells a reviewer what changed between two versions of a
// draft: a line diff of the texts and which earlier findings are resolved,
// still present or new.
package compare

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Op kinds.
const (
	Equal  = "equal"
	Insert = "insert"
	Delete = "delete"
)

// Line is one line of the diff.
type Line struct {
	Kind    string `json:"kind"`
	Text    string `json:"text"`
	OldLine int    `json:"old_line,omitempty"` // 1-based, 0 for inserted lines
	NewLine int    `json:"new_line,omitempty"` // 1-based, 0 for deleted lines
	// Spans split a deleted or inserted line that replaces a similar one
	// into unchanged and changed runs, so that a reader sees which words of
	// a paragraph changed; empty otherwise.
	Spans []Span `json:"spans,omitempty"`
}

// Span is a run of a changed line.
type Span struct {
	Text    string `json:"text"`
	Changed bool   `json:"changed"`
}

// maxCells bounds the LCS table; drafts are a few thousand lines at most,
// beyond that the diff falls back to "everything changed".
const maxCells = 16 << 20

// Lines diffs old and new line by line (longest common subsequence).
func Lines(old, new string) []Line {
	a, b := split(old), split(new)
	// Trim the common prefix and suffix so the table covers only the change.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out []Line
	for i := 0; i < pre; i++ {
		out = append(out, Line{Kind: Equal, Text: a[i], OldLine: i + 1, NewLine: i + 1})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	out = append(out, lcs(ma, mb, pre)...)
	for i := 0; i < suf; i++ {
		ia, ib := len(a)-suf+i, len(b)-suf+i
		out = append(out, Line{Kind: Equal, Text: a[ia], OldLine: ia + 1, NewLine: ib + 1})
	}
	markWords(out)
	return out
}

// markWords pairs the deleted and inserted lines of each changed block (the
// k-th deletion with the k-th insertion) and marks the runes that differ.
func markWords(ls []Line) {
	for i := 0; i < len(ls); {
		if ls[i].Kind != Delete {
			i++
			continue
		}
		d0 := i
		for i < len(ls) && ls[i].Kind == Delete {
			i++
		}
		i0 := i
		for i < len(ls) && ls[i].Kind == Insert {
			i++
		}
		for k := 0; k < i0-d0 && k < i-i0; k++ {
			del, ins := &ls[d0+k], &ls[i0+k]
			ds, is, ok := runeDiff([]rune(del.Text), []rune(ins.Text))
			if ok {
				del.Spans, ins.Spans = ds, is
			}
		}
	}
}

// maxRuneCells bounds the per-line table (paragraphs of a few hundred
// characters); longer pairs are shown as whole changed lines.
const maxRuneCells = 1 << 20

// runeDiff marks what differs between two versions of a paragraph. ok is
// false when they are too long, share too little to be worth marking, or
// are not valid UTF-8 (spans must rebuild the line byte for byte).
func runeDiff(a, b []rune) (as, bs []Span, ok bool) {
	if len(a) == 0 || len(b) == 0 || len(a)*len(b) > maxRuneCells || slices.Contains(a, utf8.RuneError) || slices.Contains(b, utf8.RuneError) {
		return nil, nil, false
	}
	w := len(b) + 1
	t := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	// Less than a third in common: a different paragraph, not an edit.
	if int(t[0])*3 < max(len(a), len(b)) {
		return nil, nil, false
	}
	add := func(spans []Span, r rune, changed bool) []Span {
		if n := len(spans); n > 0 && spans[n-1].Changed == changed {
			spans[n-1].Text += string(r)
			return spans
		}
		return append(spans, Span{Text: string(r), Changed: changed})
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			as, bs = add(as, a[i], false), add(bs, b[j], false)
			i++
			j++
		case i < len(a) && (j == len(b) || t[(i+1)*w+j] >= t[i*w+j+1]):
			as = add(as, a[i], true)
			i++
		default:
			bs = add(bs, b[j], true)
			j++
		}
	}
	return tidy(as), tidy(bs), true
}

// tidy folds an unchanged run of one or two characters between changed
// runs into the change: “公开曝光” → “公安机关” reads as one replaced word,
// not as a kept “公”.
func tidy(spans []Span) []Span {
	for i := 1; i+1 < len(spans); i++ {
		if !spans[i].Changed && spans[i-1].Changed && spans[i+1].Changed && utf8.RuneCountInString(spans[i].Text) <= 2 {
			spans[i].Changed = true
		}
	}
	out := spans[:0]
	for _, sp := range spans {
		if n := len(out); n > 0 && out[n-1].Changed == sp.Changed {
			out[n-1].Text += sp.Text
			continue
		}
		out = append(out, sp)
	}
	return out
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func lcs(a, b []string, off int) []Line {
	var out []Line
	if len(a)*len(b) > maxCells {
		for i, l := range a {
			out = append(out, Line{Kind: Delete, Text: l, OldLine: off + i + 1})
		}
		for j, l := range b {
			out = append(out, Line{Kind: Insert, Text: l, NewLine: off + j + 1})
		}
		return out
	}
	// t[i][j] = LCS length of a[i:] and b[j:].
	w := len(b) + 1
	t := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, Line{Kind: Equal, Text: a[i], OldLine: off + i + 1, NewLine: off + j + 1})
			i++
			j++
		// Deletions before insertions, as readers of diffs expect.
		case i < len(a) && (j == len(b) || t[(i+1)*w+j] >= t[i*w+j+1]):
			out = append(out, Line{Kind: Delete, Text: a[i], OldLine: off + i + 1})
			i++
		default:
			out = append(out, Line{Kind: Insert, Text: b[j], NewLine: off + j + 1})
			j++
		}
	}
	return out
}

// Finding is what carrying over needs to know of a finding.
type Finding struct {
	ID    int64
	Rule  string
	Quote string
}

// Carry says what happened to each earlier finding.
type Carry struct {
	Resolved []int64         // earlier findings absent from the new version
	Still    map[int64]int64 // earlier finding -> the new finding that repeats it (0: quote still in text, no new finding)
	New      []int64         // new findings with no earlier counterpart
}

// Findings matches earlier findings (old) against the findings of the new
// version (new) whose text is newText. An earlier finding is still present
// when a new finding has the same rule and quote, or, for findings without
// an engine rule (a reviewer's own), when its quote is still in the text.
func Findings(old, new []Finding, newText string) Carry {
	c := Carry{Still: map[int64]int64{}}
	used := map[int64]bool{}
	for _, o := range old {
		match := int64(-1)
		for _, n := range new {
			if !used[n.ID] && n.Rule == o.Rule && n.Rule != "" && n.Rule != "manual" && n.Quote == o.Quote {
				match = n.ID
				break
			}
		}
		if match < 0 {
			// Same rule, quote reworded but the rule still fires at a
			// place whose text contains the old quote or vice versa.
			for _, n := range new {
				if !used[n.ID] && n.Rule == o.Rule && n.Rule != "" && n.Rule != "manual" && o.Quote != "" && n.Quote != "" &&
					(strings.Contains(n.Quote, o.Quote) || strings.Contains(o.Quote, n.Quote)) {
					match = n.ID
					break
				}
			}
		}
		switch {
		case match >= 0:
			used[match] = true
			c.Still[o.ID] = match
		case (o.Rule == "" || o.Rule == "manual") && o.Quote != "" && strings.Contains(newText, o.Quote):
			c.Still[o.ID] = 0
		default:
			c.Resolved = append(c.Resolved, o.ID)
		}
	}
	for _, n := range new {
		if !used[n.ID] {
			c.New = append(c.New, n.ID)
		}
	}
	return c
}
