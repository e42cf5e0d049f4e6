//go:build linux

package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

func TestAnonMapping(t *testing.T) {
	for _, tc := range []struct {
		line   string
		lo, hi uintptr
		ok     bool
	}{
		{"7f8598000000-7f859c000000 rw-p 00000000 00:00 0 ", 0x7f8598000000, 0x7f859c000000, true},
		{"00400000-01ad2000 rw-p 00000000 00:00 0                            [heap]", 0x400000, 0x1ad2000, true},
		{"7f858b200000-7f858d4bd000 r--s 00000000 fe:00 9994822   /data/index/store/000000000002.zap", 0, 0, false},
		{"7f858b200000-7f858d4bd000 rw-p 00000000 fe:00 9994822   /data/corpus/imported.laws", 0, 0, false},
		{"7ffd1a5e0000-7ffd1a601000 rw-p 00000000 00:00 0                          [stack]", 0, 0, false},
		{"7f8598000000-7f859c000000 ---p 00000000 00:00 0 ", 0, 0, false},
		{"7f8598000000-7f859c000000 rw-s 00000000 00:01 12 /dev/zero (deleted)", 0, 0, false},
		{"zz-7f859c000000 rw-p 00000000 00:00 0", 0, 0, false},
		{"7f859c000000-7f8598000000 rw-p 00000000 00:00 0", 0, 0, false},
		{"", 0, 0, false},
	} {
		lo, hi, ok := anonMapping(tc.line)
		if lo != tc.lo || hi != tc.hi || ok != tc.ok {
			t.Errorf("anonMapping(%q) = %#x, %#x, %v; want %#x, %#x, %v", tc.line, lo, hi, ok, tc.lo, tc.hi, tc.ok)
		}
	}
}

// TestCollapseHugePagesDenseOnly maps three huge pages' worth of memory,
// writes every page of the first aligned chunk and one page of the second,
// and expects only the first to become a huge page.
func TestCollapseHugePagesDenseOnly(t *testing.T) {
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(b), "[never]") {
		t.Skip("no transparent huge pages on this kernel")
	}
	all, err := syscall.Mmap(-1, 0, 5*hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(all)
	// inaccessible ends, so that the kernel merges no neighbour into the
	// mapping whose smaps line is read below
	if err := syscall.Mprotect(all[:hugePage], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mprotect(all[4*hugePage:], syscall.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	m := all[hugePage : 4*hugePage]
	base := uintptr(unsafe.Pointer(&m[0]))
	first := int((base+hugePage-1)&^(hugePage-1) - base)
	for i := first; i < first+hugePage; i += smallPage {
		m[i] = 1
	}
	m[first+hugePage] = 1 // the second chunk: one page of 512
	n, err := collapseHugePages(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	huge := anonHugeKB(t, base)
	if n == 0 || huge == 0 {
		t.Skipf("the kernel collapsed nothing (%d bytes, %d kB here): no huge page free", n, huge)
	}
	if huge != hugePage>>10 {
		t.Errorf("AnonHugePages of the mapping = %d kB, want %d (only the dense chunk)", huge, hugePage>>10)
	}
	if m[first] != 1 || m[first+hugePage-smallPage] != 1 || m[first+hugePage] != 1 {
		t.Error("collapsing changed the memory's contents")
	}
}

// anonHugeKB reads AnonHugePages of the mapping holding addr from /proc/self/smaps.
func anonHugeKB(t *testing.T, addr uintptr) int {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fs[0], "-"); ok && !strings.HasSuffix(fs[0], ":") {
			l, _ := strconv.ParseUint(lo, 16, 64)
			h, _ := strconv.ParseUint(hi, 16, 64)
			in = uint64(addr) >= l && uint64(addr) < h
			continue
		}
		if in && fs[0] == "AnonHugePages:" {
			kb, err := strconv.Atoi(fs[1])
			if err != nil {
				t.Fatal(fmt.Errorf("parse smaps %q: %w", sc.Text(), err))
			}
			return kb
		}
	}
	t.Fatalf("no mapping at %#x in /proc/self/smaps", addr)
	return 0
}
