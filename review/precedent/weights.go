package precedent

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"math"
	"slices"
)

// Learning the weights reads every article the binary ships through the
// concepts: ~0.1 s of CPU that every cold `lawreview review` spent again
// on the same texts. They depend on nothing but the background, the
// concepts' expressions in their order and the normalisation, so a
// process may keep them in a file named by WeightsKey and read them back
// (MarshalBinary, UnmarshalWeights).

// normVersion names the normalisation (normRunes, conceptSet.spans, the
// bigrams learnWeights counts): bump it whenever they change, so that
// weights kept by an older binary are learnt again.
// TestWeightsGolden fails when the learnt weights change without it.
const normVersion = 1

// WeightsKey names the weights learnt from background with concepts.
func WeightsKey(background []string, concepts []Concept) string {
	h := sha256.New()
	put := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("lawreview precedent weights")
	put(string(rune('0' + normVersion)))
	put("concepts")
	for _, c := range concepts {
		put(c.Pattern.String())
	}
	put("background")
	for _, d := range background {
		put(d)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

const weightsMagic = "lrpw"

// MarshalBinary writes the weights: a header, the unseen weight, then the
// bigrams in ascending order with their weights.
func (w *Weights) MarshalBinary() ([]byte, error) {
	grams := make([]uint64, 0, len(w.weights))
	for g := range w.weights {
		grams = append(grams, g)
	}
	slices.Sort(grams)
	b := make([]byte, 0, 20+16*len(grams))
	b = append(b, weightsMagic...)
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.unseen))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(grams)))
	for _, g := range grams {
		b = binary.LittleEndian.AppendUint64(b, g)
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.weights[g]))
	}
	return b, nil
}

var errWeights = errors.New("not a weights file")

// UnmarshalWeights reads what MarshalBinary wrote; anything else, cut
// short or trailing, is an error.
func UnmarshalWeights(b []byte) (*Weights, error) {
	if !bytes.HasPrefix(b, []byte(weightsMagic)) || len(b) < len(weightsMagic)+16 {
		return nil, errWeights
	}
	b = b[len(weightsMagic):]
	w := &Weights{unseen: math.Float64frombits(binary.LittleEndian.Uint64(b))}
	n := binary.LittleEndian.Uint64(b[8:])
	b = b[16:]
	if n != uint64(len(b))/16 || len(b)%16 != 0 {
		return nil, errWeights
	}
	if n > 0 {
		w.weights = make(map[uint64]float64, n)
	}
	for i := uint64(0); i < n; i++ {
		w.weights[binary.LittleEndian.Uint64(b[16*i:])] = math.Float64frombits(binary.LittleEndian.Uint64(b[16*i+8:]))
	}
	return w, nil
}
