// Package atomicfile replaces files so that a reader, even after a crash,
// finds the old content or the complete new one, never a part: the new
// content goes to a temporary file beside the target, is synced, renamed
// over the target, and the directory is synced so that the rename itself
// survives a power cut.
//
// It sits under corpus/ because that is the bottom of the import graph:
// the dictionary cache of corpus/segment, the indexes and the CLI's
// exports all write through it.
package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile replaces path with data.
func WriteFile(path string, data []byte) error {
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit()
}

// File is the new content of a file while it is written. Exactly one of
// Commit and Abort must be called.
type File struct {
	*os.File
	path string
}

// Create starts replacing path. The temporary file is named after it, so a
// leftover from a crash is recognisable beside it.
func Create(path string) (*File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	return &File{File: tmp, path: path}, nil
}

// Commit syncs the new content and puts it in place. When it fails the
// target is unchanged and the temporary file is gone.
func (f *File) Commit() error {
	err := errors.Join(f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), f.path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("replace %s: %w", f.path, err)
	}
	// The rename lives in the directory: without this a crash may bring
	// back the old file, or none.
	if d, err := os.Open(filepath.Dir(f.path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Abort drops the new content; the target is unchanged.
func (f *File) Abort() {
	f.Close()
	os.Remove(f.Name())
}
