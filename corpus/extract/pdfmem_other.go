//go:build !linux

package extract

import "github.com/tetratelabs/wazero/experimental"

// Without mmap, wazero's own []byte memory is used: capped at
// pdfSandboxMemory by wazero itself, but neither grown in place nor
// charged to pdfMemory.
func newPDFAllocator() experimental.MemoryAllocator { return nil }

const wasmMemoryPages = pdfSandboxMemory >> 16
