// Package learn is a sparse linear classifier of sentences: one-vs-rest
// logistic regression per legal category ("family" of review rules), over
// features nearer to meaning than characters (words, the project's concept
// classes, the document type, a few structural signals), trained on the
// labelled material of the tree (docs/eval.md, "Round 15: a learned
// reader").
//
// The rules' patterns and the exemplar stage's nearest neighbours weigh
// every word of a sentence alike; a linear model weighs, per category,
// which features separate its unlawful sentences from the lawful ones on
// the same subject. It knows nothing of review: callers turn sentences into
// feature names and give labels; the package trains and scores.
//
// Training is deterministic: features in sorted order, full-batch updates
// in a fixed number of iterations, no randomness and no goroutines, so the
// same examples give the same model, and a test can retrain the model kept
// in the tree and compare.
package learn

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"sync"
)

// Example is one labelled sentence: its features and the family it is an
// unlawful instance of ("" = lawful for every family). Weight scales its
// loss (0 = 1): noisy negatives may weigh less than examples a person wrote.
type Example struct {
	Features []string
	Family   string
	Weight   float64
	// Rules are the family's rules the sentence is an instance of, for the
	// family's rule namer (Family.Rules); several share the example. Empty
	// (a lawful sentence, or a positive of unknown rule) trains no namer.
	Rules []string
}

// Options fix the training. They are written into the model, so that
// retraining it needs nothing else.
type Options struct {
	Iterations   int     `json:"iterations"`    // full-batch updates
	Rate         float64 `json:"rate"`          // AdaGrad's base step
	L1           float64 `json:"l1"`            // per-example-weight L1 penalty: keeps the model sparse and readable
	L2           float64 `json:"l2"`            // L2 penalty: spreads weight over correlated features
	MinCount     int     `json:"min_count"`     // a feature seen in fewer examples is dropped
	MinPositives int     `json:"min_positives"` // a family with fewer positives is left out
	// Balance weighs a family's positives together as much as its
	// negatives; without it the model keeps the material's prior (a few
	// dozen positives among thousands of sentences) and says yes rarely.
	Balance bool `json:"balance"`
}

// DefaultOptions are the options the tree's model is trained with.
var DefaultOptions = Options{Iterations: 300, Rate: 0.3, L1: 0.0005, L2: 0.001, MinCount: 2, MinPositives: 40}

// Model is the trained classifier: one weight vector per family.
type Model struct {
	Version  int      `json:"version"`
	Options  Options  `json:"options"`
	Families []Family `json:"families"`
}

// Family is one category's classifier.
type Family struct {
	Name      string   `json:"name"`
	Positives int      `json:"positives"`
	Negatives int      `json:"negatives"`
	Bias      float64  `json:"bias"`
	Weights   []Weight `json:"weights"` // non-zero weights, by feature
	// Rules name a sentence the family's classifier flags: a multinomial
	// logistic regression over the family's rules, trained on the family's
	// positives only. The family's score decides whether a sentence is
	// flagged; these only decide under which of its rules a reviewer reads
	// it (its title, message and legal basis).
	Rules []RuleClass `json:"rules,omitempty"`

	index map[string]float64
}

// RuleClass is one rule's class in its family's rule namer.
type RuleClass struct {
	Rule      string   `json:"rule"`
	Positives float64  `json:"positives"` // training sentences of the rule (shared ones counted in part)
	Bias      float64  `json:"bias"`
	Weights   []Weight `json:"weights"`

	index map[string]float64
}

// Weight is one feature's weight in a family.
type Weight struct {
	Feature string  `json:"f"`
	W       float64 `json:"w"`
}

// Contribution is a feature of a scored sentence and what it added.
type Contribution struct {
	Feature string
	W       float64
}

// Train fits one classifier per family (in the order of families) on the
// examples. A family with fewer than MinPositives positives is left out.
func Train(examples []Example, families []string, opt Options) *Model {
	// Feature vocabulary: features in at least MinCount examples, sorted.
	count := map[string]int{}
	for _, ex := range examples {
		for _, f := range uniq(ex.Features) {
			count[f]++
		}
	}
	var names []string
	for f, n := range count {
		if n >= opt.MinCount {
			names = append(names, f)
		}
	}
	sort.Strings(names)
	id := make(map[string]int, len(names))
	for i, f := range names {
		id[f] = i
	}
	rows := make([][]int32, len(examples))
	for i, ex := range examples {
		var r []int32
		for _, f := range uniq(ex.Features) {
			if j, ok := id[f]; ok {
				r = append(r, int32(j))
			}
		}
		sort.Slice(r, func(a, b int) bool { return r[a] < r[b] })
		rows[i] = r
	}
	m := &Model{Version: 1, Options: opt}
	for _, fam := range families {
		var pos, neg int
		y := make([]float64, len(examples))
		for i, ex := range examples {
			if ex.Family == fam {
				y[i] = 1
				pos++
			} else {
				neg++
			}
		}
		if pos < opt.MinPositives {
			continue
		}
		cw := [2]float64{1, 1}
		if opt.Balance {
			cw = [2]float64{float64(len(examples)) / (2 * float64(neg)), float64(len(examples)) / (2 * float64(pos))}
		}
		sw := make([]float64, len(examples))
		var total float64
		for i, ex := range examples {
			w := ex.Weight
			if w == 0 {
				w = 1
			}
			sw[i] = w * cw[int(y[i])]
			total += sw[i]
		}
		for i := range sw {
			sw[i] /= total
		}
		w, b := fit(rows, y, sw, len(names), opt)
		f := Family{Name: fam, Positives: pos, Negatives: neg, Bias: round(b)}
		for j, v := range w {
			if v = round(v); v != 0 {
				f.Weights = append(f.Weights, Weight{names[j], v})
			}
		}
		f.Rules = trainNamer(examples, rows, names, fam, opt)
		m.Families = append(m.Families, f)
	}
	m.index()
	return m
}

// fit is L1+L2-regularised logistic regression by full-batch AdaGrad with
// a proximal (soft-threshold) step for L1: per coordinate, so that rare
// features of a small category move as fast as common ones.
func fit(rows [][]int32, y, sw []float64, nf int, opt Options) ([]float64, float64) {
	w := make([]float64, nf)
	g := make([]float64, nf)
	acc := make([]float64, nf)
	var b, gb, accB float64
	const eps = 1e-8
	for it := 0; it < opt.Iterations; it++ {
		for j := range g {
			g[j] = 0
		}
		gb = 0
		for i, r := range rows {
			z := b
			for _, j := range r {
				z += w[j]
			}
			d := sw[i] * (sigmoid(z) - y[i])
			gb += d
			for _, j := range r {
				g[j] += d
			}
		}
		accB += gb * gb
		b -= opt.Rate * gb / (math.Sqrt(accB) + eps)
		proxStep(w, g, acc, opt)
	}
	return w, b
}

// proxStep is one AdaGrad update of the weights w by their gradient g
// (acc: the squared gradients so far), with L2 in the gradient and L1 as a
// soft threshold: a weight the L1 penalty outweighs is zero.
func proxStep(w, g, acc []float64, opt Options) {
	const eps = 1e-8
	for j := range w {
		gj := g[j] + opt.L2*w[j]
		if gj == 0 && w[j] == 0 {
			continue
		}
		acc[j] += gj * gj
		step := opt.Rate / (math.Sqrt(acc[j]) + eps)
		v := w[j] - step*gj
		t := step * opt.L1
		switch {
		case v > t:
			w[j] = v - t
		case v < -t:
			w[j] = v + t
		default:
			w[j] = 0
		}
	}
}

// trainNamer fits the family's rule namer: softmax regression over the
// rules its positives are instances of (sorted by id), on those positives
// only, each example's weight shared among its rules. Full-batch AdaGrad
// with the family's L1 and L2, as fit: deterministic. Nil when the
// positives name fewer than two rules.
func trainNamer(examples []Example, rows [][]int32, names []string, fam string, opt Options) []RuleClass {
	var idx []int
	classOf := map[string]int{}
	var rules []string
	for i, ex := range examples {
		if ex.Family != fam || len(ex.Rules) == 0 {
			continue
		}
		idx = append(idx, i)
		for _, r := range ex.Rules {
			if _, ok := classOf[r]; !ok {
				classOf[r] = 0
				rules = append(rules, r)
			}
		}
	}
	if len(rules) < 2 {
		return nil
	}
	sort.Strings(rules)
	for c, r := range rules {
		classOf[r] = c
	}
	k := len(rules)
	// Targets: each example's weight spread over its rules.
	y := make([][]float64, len(idx))
	sw := make([]float64, len(idx))
	var total float64
	for n, i := range idx {
		ex := examples[i]
		w := ex.Weight
		if w == 0 {
			w = 1
		}
		sw[n] = w
		total += w
		rs := uniq(ex.Rules)
		y[n] = make([]float64, k)
		for _, r := range rs {
			y[n][classOf[r]] += 1 / float64(len(rs))
		}
	}
	for n := range sw {
		sw[n] /= total
	}
	nf := len(names)
	w := make([]float64, nf*k)
	g := make([]float64, nf*k)
	acc := make([]float64, nf*k)
	b := make([]float64, k)
	gb := make([]float64, k)
	accB := make([]float64, k)
	z := make([]float64, k)
	const eps = 1e-8
	for it := 0; it < opt.Iterations; it++ {
		for j := range g {
			g[j] = 0
		}
		for c := range gb {
			gb[c] = 0
		}
		for n, i := range idx {
			r := rows[i]
			for c := range z {
				z[c] = b[c]
				for _, j := range r {
					z[c] += w[int(j)*k+c]
				}
			}
			softmax(z)
			for c := range z {
				d := sw[n] * (z[c] - y[n][c])
				gb[c] += d
				for _, j := range r {
					g[int(j)*k+c] += d
				}
			}
		}
		for c := range b {
			accB[c] += gb[c] * gb[c]
			b[c] -= opt.Rate * gb[c] / (math.Sqrt(accB[c]) + eps)
		}
		proxStep(w, g, acc, opt)
	}
	out := make([]RuleClass, k)
	for c, r := range rules {
		out[c] = RuleClass{Rule: r, Bias: round(b[c])}
	}
	for n := range idx {
		for c := range rules {
			out[c].Positives += y[n][c]
		}
	}
	for c := range out {
		out[c].Positives = round(out[c].Positives)
		for j := 0; j < nf; j++ {
			if v := round(w[j*k+c]); v != 0 {
				out[c].Weights = append(out[c].Weights, Weight{names[j], v})
			}
		}
	}
	return out
}

// softmax turns z into probabilities in place.
func softmax(z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = math.Max(mx, v)
	}
	var s float64
	for c, v := range z {
		z[c] = math.Exp(v - mx)
		s += z[c]
	}
	for c := range z {
		z[c] /= s
	}
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

// round keeps four decimals: the model file stays small and readable, and
// the last bits of floating point (which may differ between processors)
// do not reach it.
func round(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 4, 64), 64)
	if r == 0 {
		return 0 // no -0 in the file
	}
	return r
}

func uniq(fs []string) []string {
	seen := make(map[string]bool, len(fs))
	out := fs[:0:0]
	for _, f := range fs {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

func (m *Model) index() {
	for i := range m.Families {
		f := &m.Families[i]
		f.index = make(map[string]float64, len(f.Weights))
		for _, w := range f.Weights {
			f.index[w.Feature] = w.W
		}
		for k := range f.Rules {
			rc := &f.Rules[k]
			rc.index = make(map[string]float64, len(rc.Weights))
			for _, w := range rc.Weights {
				rc.index[w.Feature] = w.W
			}
		}
	}
}

// RuleFor names a sentence of the family by its rule namer: of the rules
// allowed (nil: all), the one the namer gives the highest probability.
// "" when the family has no namer or it knows none of the rules allowed.
func (f *Family) RuleFor(features []string, allowed func(rule string) bool) string {
	fs := uniq(features)
	best, bestZ := "", math.Inf(-1)
	for k := range f.Rules {
		rc := &f.Rules[k]
		if allowed != nil && !allowed(rc.Rule) {
			continue
		}
		z := rc.Bias
		for _, x := range fs {
			z += rc.index[x]
		}
		// Rules are sorted: the first of equal scores wins.
		if z > bestZ {
			best, bestZ = rc.Rule, z
		}
	}
	return best
}

// Family returns the family named name, or nil.
func (m *Model) Family(name string) *Family {
	for i := range m.Families {
		if m.Families[i].Name == name {
			return &m.Families[i]
		}
	}
	return nil
}

// Score is the probability that a sentence with these features is an
// unlawful instance of the family, and the features that raised it most
// (positive contributions, largest first).
func (f *Family) Score(features []string) (float64, []Contribution) {
	z := f.Bias
	var cs []Contribution
	for _, x := range uniq(features) {
		w, ok := f.index[x]
		if !ok {
			continue
		}
		z += w
		if w > 0 {
			cs = append(cs, Contribution{x, w})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].W != cs[j].W {
			return cs[i].W > cs[j].W
		}
		return cs[i].Feature < cs[j].Feature
	})
	return sigmoid(z), cs
}

// Weight is a feature's weight in the family (0 when it has none).
func (f *Family) Weight(feature string) float64 { return f.index[feature] }

// Marshal is the model file: indented JSON, weights by feature name, so
// that a change of the model reads as a diff.
func (m *Model) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, fmt.Errorf("marshal model: %w", err)
	}
	return append(b, '\n'), nil
}

// Parse reads a model file.
func Parse(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("parse model: %w", err)
	}
	if m.Version != 1 {
		return nil, fmt.Errorf("parse model: version %d, want 1", m.Version)
	}
	m.index()
	return &m, nil
}

//go:embed model.json
var modelJSON []byte

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default is the model trained on the tree (model.json, written by make
// model), parsed once.
func Default() (*Model, error) {
	defaultOnce.Do(func() { defaultModel, defaultErr = Parse(modelJSON) })
	return defaultModel, defaultErr
}
