package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"lawreview/web/workflow"
)

// Charts of the statistics page, drawn here as inline SVG: a township
// office may have no internet access, so nothing is fetched and no
// script draws them; the page prints as it shows. Every bar is a link to
// the documents it counts, like every number in the tables.

// chartSeries is one kind of bar of a column chart.
type chartSeries struct {
	Name, Color string
}

// chartGroup is one place on the x axis with a figure per series.
type chartGroup struct {
	Label  string
	Values []workflow.Figure
}

// chartPalette: colours that stay apart in greyscale print.
var chartPalette = []string{"#2f6fb3", "#e08a1e", "#3a9a5b", "#b8443a", "#7a5aa6"}

const chartFont = `font-family="Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"`

// niceStep is a round tick step (1, 2 or 5 × 10ⁿ) giving about four ticks
// up to max.
func niceStep(max int) int {
	step := 1
	for {
		for _, m := range []int{1, 2, 5} {
			if max <= m*step*4 {
				return m * step
			}
		}
		step *= 10
	}
}

// figureBar is a bar (or any shape) that links to its documents and
// names its figure on hover.
func figureBar(b *strings.Builder, f workflow.Figure, title, shape string) {
	fmt.Fprintf(b, `<a href="%s"><title>%s：%d</title>%s</a>`, html.EscapeString(f.Href), html.EscapeString(title), f.N, shape)
}

// columnChart draws groups of columns, one per series, with a legend.
func columnChart(label string, series []chartSeries, groups []chartGroup) template.HTML {
	const w, h, left, right, top, bottom = 760, 280, 44, 12, 34, 46
	maxN := 1
	for _, g := range groups {
		for _, v := range g.Values {
			maxN = max(maxN, v.N)
		}
	}
	step := niceStep(maxN)
	top_ := ((maxN + step - 1) / step) * step
	plotW, plotH := float64(w-left-right), float64(h-top-bottom)
	y := func(n int) float64 { return float64(top) + plotH - plotH*float64(n)/float64(top_) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" %s font-size="12">`, w, h, html.EscapeString(label), chartFont)
	for i, s := range series {
		x := left + i*130
		fmt.Fprintf(&b, `<rect x="%d" y="8" width="12" height="12" fill="%s"/><text x="%d" y="19" fill="#333">%s</text>`, x, s.Color, x+16, html.EscapeString(s.Name))
	}
	for t := 0; t <= top_; t += step {
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%d" y="%.1f" text-anchor="end" fill="#666">%d</text>`,
			left, w-right, y(t), y(t), left-6, y(t)+4, t)
	}
	if len(groups) > 0 {
		gw := plotW / float64(len(groups))
		bw := gw * 0.72 / float64(len(series))
		for i, g := range groups {
			gx := float64(left) + gw*float64(i) + gw*0.14
			for j, v := range g.Values {
				x := gx + bw*float64(j)
				shape := fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x, y(v.N), bw-1, y(0)-y(v.N), series[j].Color)
				if v.N > 0 && bw >= 12 {
					shape += fmt.Sprintf(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333" font-size="10">%d</text>`, x+bw/2, y(v.N)-3, v.N)
				}
				figureBar(&b, v, g.Label+" "+series[j].Name, shape)
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#333">%s</text>`, float64(left)+gw*(float64(i)+0.5), h-bottom+18, html.EscapeString(g.Label))
		}
	}
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#888"/></svg>`, left, w-right, y(0), y(0))
	return template.HTML(b.String())
}

// chartRow is one labelled bar of a bar chart.
type chartRow struct {
	Label string
	Value workflow.Figure
}

// barChart draws one horizontal bar per row, its figure at its end.
func barChart(label, color string, rows []chartRow) template.HTML {
	const w, labelW, rowH, right = 760, 250, 24, 50
	h := rowH*len(rows) + 8
	maxN := 1
	for _, r := range rows {
		maxN = max(maxN, r.Value.N)
	}
	plotW := float64(w - labelW - right)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" %s font-size="12">`, w, h, html.EscapeString(label), chartFont)
	for i, r := range rows {
		y := 4 + i*rowH
		name := []rune(r.Label)
		if len(name) > 20 {
			name = append(name[:19], '…')
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="#333">%s</text>`, labelW-8, y+16, html.EscapeString(string(name)))
		bw := plotW * float64(r.Value.N) / float64(maxN)
		shape := fmt.Sprintf(`<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/><text x="%.1f" y="%d" fill="#333">%d</text>`,
			labelW, y+3, bw, rowH-8, color, float64(labelW)+bw+5, y+16, r.Value.N)
		figureBar(&b, r.Value, r.Label, shape)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// pageCharts are the charts of the statistics page.
type pageCharts struct {
	Months, Conclusions, Townships, Problems template.HTML
}

// problemsCharted is how many problems the chart of problems shows.
const problemsCharted = 10

func statsCharts(st *workflow.Stats) pageCharts {
	var pc pageCharts
	var months []chartGroup
	for _, m := range st.Months {
		lbl := m.Label[strings.Index(m.Label, "年")+len("年"):]
		if len(st.Months) > 1 && (len(months) == 0 || strings.HasSuffix(m.Month, "-01")) {
			lbl = m.Label // the year where it starts or changes
		}
		months = append(months, chartGroup{Label: lbl, Values: []workflow.Figure{m.Received, m.Opinions}})
	}
	pc.Months = columnChart("按月收到草案与出具意见书", []chartSeries{{"收到草案（件）", chartPalette[0]}, {"出具意见书（份）", chartPalette[1]}}, months)
	var concl []chartRow
	for _, c := range st.Conclusions {
		concl = append(concl, chartRow{Label: c.Conclusion.Label(), Value: c.Opinions})
	}
	pc.Conclusions = barChart("审查结论", chartPalette[2], concl)
	var towns []chartGroup
	for _, r := range st.Matrix {
		towns = append(towns, chartGroup{Label: r.Township, Values: []workflow.Figure{r.Total.Received, r.Total.Reviewed, r.Total.Opinions}})
	}
	pc.Townships = columnChart("各镇（街道）收到、审结与出具意见书", []chartSeries{{"收到草案（件）", chartPalette[0]}, {"完成审查（件）", chartPalette[2]}, {"出具意见书（份）", chartPalette[1]}}, towns)
	var probs []chartRow
	for _, r := range st.Rules {
		if len(probs) == problemsCharted || r.Accepted.N == 0 {
			break
		}
		probs = append(probs, chartRow{Label: r.Title, Value: r.Accepted})
	}
	pc.Problems = barChart("采纳最多的问题", chartPalette[3], probs)
	return pc
}
