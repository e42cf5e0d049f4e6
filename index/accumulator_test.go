package index

import (
	"os"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// TestHugeAccumulators: accumulators come off the heap, on a huge-page
// boundary, up to maxHugeAccs at once, and one handed out again is clear
// of the last question's scores; beyond the limit they come from the heap.
func TestHugeAccumulators(t *testing.T) {
	if mapHuge(1) == nil {
		t.Skip("no anonymous mappings here")
	}
	hugeAccs.Lock()
	saved := hugeAccs.free
	savedMade := hugeAccs.made
	hugeAccs.free, hugeAccs.made = nil, 0
	hugeAccs.Unlock()
	t.Cleanup(func() {
		hugeAccs.Lock()
		hugeAccs.free, hugeAccs.made = saved, savedMade
		hugeAccs.Unlock()
	})
	const n = 150_000
	var held []*accumulator
	for i := range maxHugeAccs + 2 {
		a := getAccumulator(n)
		if len(a.slot) < n {
			t.Fatalf("accumulator %d: %d slots, want %d", i, len(a.slot), n)
		}
		if want := i < maxHugeAccs; a.offHeap != want {
			t.Fatalf("accumulator %d: off the heap %v, want %v", i, a.offHeap, want)
		}
		if a.offHeap && uintptr(unsafe.Pointer(&a.slot[0]))%hugePage != 0 {
			t.Errorf("accumulator %d starts at %p, not on a huge-page boundary", i, &a.slot[0])
		}
		a.add(uint32(i), 1.5)
		a.add(n-1, 2)
		held = append(held, a)
	}
	for _, a := range held {
		a.release()
	}
	// handed out again: the same memory, cleared
	var wg sync.WaitGroup
	for range maxHugeAccs {
		a := getAccumulator(n)
		if !a.offHeap {
			t.Fatal("a released off-heap accumulator was not handed out again")
		}
		for _, k := range []int{0, 1, maxHugeAccs + 1, n - 1} {
			if a.slot[k] != (accSlot{}) || len(a.touched) != 0 {
				t.Fatalf("slot %d = %+v after release, touched %d; want clear", k, a.slot[k], len(a.touched))
			}
		}
		wg.Go(func() { a.add(7, 1); a.release() })
	}
	wg.Wait()
	if hugeAccs.made != maxHugeAccs {
		t.Errorf("%d accumulators mapped, want %d", hugeAccs.made, maxHugeAccs)
	}
}

// TestHugeAccumulatorOnHugePages: where the kernel gives transparent huge
// pages on request, a written accumulator is on them.
func TestHugeAccumulatorOnHugePages(t *testing.T) {
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(b), "[never]") {
		t.Skip("no transparent huge pages here")
	}
	b := mapHuge(hugePage)
	if b == nil {
		t.Skip("no anonymous mappings here")
	}
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	at := uintptr(unsafe.Pointer(&b[0]))
	var in bool
	for _, line := range strings.Split(string(smaps), "\n") {
		f := strings.Fields(line)
		if len(f) > 1 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			lo, hi, _ := strings.Cut(f[0], "-")
			in = hexLE(lo, at) && !hexLE(hi, at)
			continue
		}
		if in && len(f) > 1 && f[0] == "AnonHugePages:" {
			if f[1] == "0" {
				t.Skip("the kernel gave no huge page (none free)")
			}
			return
		}
	}
	t.Error("the accumulator's mapping is not in /proc/self/smaps")
}

// hexLE reports whether the hexadecimal address s is at or below at.
func hexLE(s string, at uintptr) bool {
	var v uintptr
	for _, c := range s {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= uintptr(c - '0')
		case c >= 'a' && c <= 'f':
			v |= uintptr(c-'a') + 10
		}
	}
	return v <= at
}
