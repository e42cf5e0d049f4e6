//go:build linux

package main

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestAdviseHeap checks that the room adviseHeap frees is marked for huge
// pages ("hg" in its mapping's VmFlags), where the heap will grow.
func TestAdviseHeap(t *testing.T) {
	lo, hi := adviseHeap(16 << 20)
	if lo == hi {
		t.Skip("the kernel refused MADV_HUGEPAGE (no transparent huge pages)")
	}
	if hi-lo < 12<<20 || lo%hugePage != 0 || hi%hugePage != 0 {
		t.Fatalf("advised %#x-%#x: want at least 12 MB of aligned 2 MB pages out of 16", lo, hi)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	covered := uintptr(0) // bytes of [lo, hi) in mappings marked hg
	var start, end uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if a, b, ok := mappingRange(line); ok {
			start, end = a, b
			continue
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && end > lo && start < hi {
			if strings.Contains(" "+flags+" ", " hg ") {
				covered += min(end, hi) - max(start, lo)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if covered != hi-lo {
		t.Errorf("%d of %d advised bytes are in mappings marked for huge pages", covered, hi-lo)
	}
}

// mappingRange parses the range of a smaps header line, "lo-hi perms ...".
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return 0, 0, false
	}
	a, b, found := strings.Cut(f[0], "-")
	x, err1 := strconv.ParseUint(a, 16, 64)
	y, err2 := strconv.ParseUint(b, 16, 64)
	if !found || err1 != nil || err2 != nil || y <= x {
		return 0, 0, false
	}
	return uintptr(x), uintptr(y), true
}

// TestEmptyChunkRuns: only whole 2 MB chunks without a page in memory are
// advised, consecutive ones in one run; a chunk with one page breaks it.
func TestEmptyChunkRuns(t *testing.T) {
	const base = uintptr(0x7f0000000000)
	chunk := func(i int) uintptr { return base + uintptr(i)*hugePage }
	tests := []struct {
		name    string
		lo, hi  uintptr
		present map[int]int // chunk index → pages in memory (absent: none)
		want    [][2]uintptr
	}{
		{"all empty", chunk(0), chunk(4), nil, [][2]uintptr{{chunk(0), chunk(4)}}},
		{"all present", chunk(0), chunk(3), map[int]int{0: 512, 1: 1, 2: 300}, nil},
		{"one page splits a run", chunk(0), chunk(5), map[int]int{2: 1}, [][2]uintptr{{chunk(0), chunk(2)}, {chunk(3), chunk(5)}}},
		{"present at both ends", chunk(0), chunk(4), map[int]int{0: 5, 3: 512}, [][2]uintptr{{chunk(1), chunk(3)}}},
		{"unaligned bounds: partial chunks left out", chunk(0) + 4096, chunk(3) + 8192, nil, [][2]uintptr{{chunk(1), chunk(3)}}},
		{"smaller than a chunk", chunk(0) + 4096, chunk(1) + 4096, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := emptyChunkRuns(tc.lo, tc.hi, func(at uintptr) (int, error) {
				if at%hugePage != 0 || at < tc.lo || at+hugePage > tc.hi {
					t.Fatalf("asked about %#x, not a whole chunk of %#x-%#x", at, tc.lo, tc.hi)
				}
				return tc.present[int((at-base)/hugePage)], nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("runs %x, want %x", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("runs %x, want %x", got, tc.want)
				}
			}
		})
	}
}

// TestServerHeapOnHugePages: the heap's empty chunks are marked for huge
// pages and none of what the heap holds is: the memory in mappings marked
// hg grows by (almost) nothing, so khugepaged finds nothing there to fill
// to 2 MB.
func TestServerHeapOnHugePages(t *testing.T) {
	keep := make([][]byte, 64) // a live heap spread over several chunks
	for i := range keep {
		keep[i] = make([]byte, 64<<10)
		keep[i][0] = 1
	}
	debug.FreeOSMemory()
	marked0, resident0 := hugeMarked(t)
	advised, lo, hi, err := serverHeapOnHugePages()
	if err != nil {
		t.Fatal(err)
	}
	if advised == 0 {
		t.Skip("nothing advised (no transparent huge pages, or the kernel refused)")
	}
	if at := uintptr(unsafe.Pointer(&keep[0][0])); at < lo || at >= hi {
		t.Fatalf("the heap span looked at, %#x-%#x, does not hold the live heap (%#x)", lo, hi, at)
	}
	marked, resident := hugeMarked(t)
	if advised < serverHeapRoom/2 || marked < uintptr(advised) || marked < marked0 {
		t.Errorf("%d MB advised, %d → %d MB marked for huge pages; want most of the %d MB room, marked", advised>>20,
			marked0>>20, marked>>20, serverHeapRoom>>20)
	}
	if resident > resident0+512<<10 {
		t.Errorf("memory in mappings marked for huge pages %d → %d kB, want (almost) no more", resident0>>10, resident>>10)
	}
	runtime.KeepAlive(keep)
}

// hugeMarked sums the size and the resident memory of the process's
// mappings marked for huge pages ("hg" in VmFlags).
func hugeMarked(t *testing.T) (size, resident uintptr) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var start, end, rss uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if a, b, ok := mappingRange(line); ok {
			start, end, rss = a, b, 0
			continue
		}
		if v, ok := strings.CutPrefix(line, "Rss:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			rss = uintptr(kb) << 10
		}
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok && strings.Contains(" "+flags+" ", " hg ") {
			size += end - start
			resident += rss
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return size, resident
}
