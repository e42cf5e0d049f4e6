package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	pindex "lawreview/index/precedent"
	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/precedent"
	"lawreview/web/workflow"
)

// searchFlags are the filters of `lawreview precedent search`: those of the
// web search page (workflow.PrecedentQuery), by the same names.
type searchFlags struct {
	docType, township, rule, verdict, conclusion, source, from, to, format *string
	page, size                                                             *int
}

func addSearchFlags(f *cmdFlags) *searchFlags {
	return &searchFlags{
		docType:    f.String("type", "", "search：文件类型（村规民约、居民公约、规范性文件、决定、合同、其他）"),
		township:   f.String("township", "", "search：镇（街道）"),
		rule:       f.String("rule", "", "search：审查规则编号，如 vr-fine"),
		verdict:    f.String("verdict", "", "search：认定结果（违法、合法）"),
		conclusion: f.String("conclusion", "", "search：全文审查结论（合法、修改后合法、不合法、退回补正）"),
		source:     f.String("source", "", "search：来源（public 公开案例、import 导入、review 本所审查）"),
		from:       f.String("from", "", "search：认定日期起，年-月-日"),
		to:         f.String("to", "", "search：认定日期止，年-月-日"),
		format:     f.String("format", "text", "search：输出格式（text 或 json）"),
		page:       f.Int("page", 1, "search：第几页"),
		size:       f.Int("size", 10, "search：每页条数（1–100）"),
	}
}

// query checks the filters and returns the index query, or the Chinese
// reason they are wrong.
func (sf *searchFlags) query(text string) (pindex.Query, string) {
	q := pindex.Query{Text: strings.TrimSpace(text), DocType: strings.TrimSpace(*sf.docType), Township: strings.TrimSpace(*sf.township),
		Rule: strings.TrimSpace(*sf.rule), Verdict: strings.TrimSpace(*sf.verdict), Conclusion: strings.TrimSpace(*sf.conclusion),
		Source: strings.TrimSpace(*sf.source), From: strings.TrimSpace(*sf.from), To: strings.TrimSpace(*sf.to)}
	switch {
	case q.DocType != "" && !slices.Contains(review.Types, q.DocType) && q.DocType != review.TypeOther:
		return q, fmt.Sprintf("不支持的文件类型：%s（可选 %s、%s）", q.DocType, strings.Join(review.Types, "、"), review.TypeOther)
	case q.Verdict != "" && !slices.Contains(precedent.Verdicts, precedent.Verdict(q.Verdict)):
		return q, fmt.Sprintf("认定结果“%s”无效，应为“违法”或“合法”", q.Verdict)
	case q.Conclusion != "" && !decision.Conclusion(q.Conclusion).Valid():
		return q, fmt.Sprintf("全文结论“%s”无效，可选 %s", q.Conclusion, strings.Join(decision.ConclusionLabels(), "、"))
	case q.Source != "" && q.Source != precedent.SourcePublic && q.Source != precedent.SourceImport && q.Source != precedent.SourceReview:
		return q, fmt.Sprintf("来源“%s”无效，可选 public（公开案例）、import（导入）、review（本所审查）", q.Source)
	case *sf.format != "text" && *sf.format != "json":
		return q, fmt.Sprintf("不支持的输出格式：%s（可选 text 或 json）", *sf.format)
	case *sf.page < 1:
		return q, "--page 应从 1 开始"
	case *sf.size < 1 || *sf.size > pindex.MaxSize:
		return q, fmt.Sprintf("--size 应在 1 到 %d 之间", pindex.MaxSize)
	}
	q.Size = *sf.size
	q.Offset = (*sf.page - 1) * *sf.size
	return q, ""
}

// precedentSearchJSON is the JSON of `lawreview precedent search --format
// json`: other programs read it, add fields only.
type precedentSearchJSON struct {
	Query string               `json:"query"`
	Total uint64               `json:"total"`
	Page  int                  `json:"page"`
	Pages int                  `json:"pages"`
	Hits  []precedentHitOutput `json:"hits"`
}

type precedentHitOutput struct {
	precedent.Precedent
	Summary string  `json:"summary"`
	Score   float64 `json:"score,omitempty"`
}

func precedentSearch(ctx context.Context, data string, sf *searchFlags, text string, stdout, stderr io.Writer) int {
	q, bad := sf.query(text)
	if bad != "" {
		fmt.Fprintln(stderr, bad)
		return exitUsage
	}
	db, ok := openDB(data, stderr)
	if !ok {
		return exitFindings
	}
	defer db.Close()
	ix, err := pindex.Open(precedentIndexDir(data))
	if errors.Is(err, pindex.ErrBusy) {
		fmt.Fprintln(stderr, "网页工作台正在运行，先例检索索引被占用。请在工作台“法律与先例检索”页面检索，或停止工作台后重试。")
		return exitFindings
	}
	if err != nil {
		fmt.Fprintf(stderr, "打开先例检索索引失败：%v\n", err)
		return exitFindings
	}
	defer ix.Close()
	// The first command on a data directory loads the bank; imports made
	// while nothing had the index open are indexed now.
	if _, err := loadBank(ctx, db, ix, false); err != nil {
		fmt.Fprintf(stderr, "载入公开案例库失败：%v\n", err)
		return exitFindings
	}
	if _, _, err := workflow.SyncPrecedents(ctx, db, ix); err != nil {
		fmt.Fprintf(stderr, "同步先例检索索引失败：%v\n", err)
		return exitFindings
	}
	res, err := ix.Search(ctx, q)
	var ie *pindex.InputError
	if errors.As(err, &ie) {
		fmt.Fprintln(stderr, ie.Msg)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "检索先例失败：%v\n", err)
		return exitFindings
	}
	out := precedentSearchJSON{Query: q.Text, Total: res.Total, Page: *sf.page, Pages: int((res.Total + uint64(q.Size) - 1) / uint64(q.Size)),
		Hits: make([]precedentHitOutput, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, precedentHitOutput{Precedent: h.Precedent, Summary: h.Precedent.Summary(false), Score: h.Score})
	}
	if *sf.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "输出失败：%v\n", err)
			return exitUsage
		}
		return exitOK
	}
	printPrecedentHits(stdout, &out, q.Offset)
	return exitOK
}

func printPrecedentHits(w io.Writer, r *precedentSearchJSON, offset int) {
	if r.Total == 0 {
		fmt.Fprintln(w, "没有找到相符的先例。")
		return
	}
	if len(r.Hits) == 0 {
		fmt.Fprintf(w, "共 %d 条先例，第 %d 页没有结果（共 %d 页）。\n", r.Total, r.Page, r.Pages)
		return
	}
	fmt.Fprintf(w, "共 %d 条先例，第 %d/%d 页：\n", r.Total, r.Page, r.Pages)
	for i, h := range r.Hits {
		p := &h.Precedent
		fmt.Fprintf(w, "\n%d. 【%s】%s\n", offset+i+1, p.Verdict, p.Clause)
		var meta []string
		for _, s := range []string{p.DocType, p.Date, p.Source.Label(), p.Publisher, p.Township} {
			if s != "" {
				meta = append(meta, s)
			}
		}
		// The rule by its title: ids are for --rule and the JSON.
		if p.RuleTitle != "" {
			meta = append(meta, p.RuleTitle)
		}
		fmt.Fprintf(w, "   %s\n", strings.Join(meta, " · "))
		if p.DocTitle != "" {
			fmt.Fprintf(w, "   文件：%s\n", p.DocTitle)
		}
		if p.Problem != "" {
			fmt.Fprintf(w, "   问题：%s\n", p.Problem)
		}
		if p.Reason != "" {
			fmt.Fprintf(w, "   认定合法的理由：%s\n", p.Reason)
		}
		if len(p.Basis) > 0 {
			var bs []string
			for _, b := range p.Basis {
				bs = append(bs, "《"+b.Law+"》"+b.Article)
			}
			fmt.Fprintf(w, "   依据：%s\n", strings.Join(bs, "、"))
		}
		if p.Case != "" {
			fmt.Fprintf(w, "   案例：%s\n", p.Case)
		}
		if src := strings.TrimSpace(p.URL + " " + p.Citation); src != "" {
			fmt.Fprintf(w, "   出处：%s\n", src)
		}
		fmt.Fprintf(w, "   ID：%s\n", p.ID)
	}
}
