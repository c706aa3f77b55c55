// Package static embeds the stylesheets, scripts and icons. Each file is
// addressed with a content hash in its URL, so it can be cached for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed *.css *.js *.svg
var files embed.FS

// hashes maps a file name to the first hex digits of its content hash; built
// once from the embedded files, never changed.
var hashes = func() map[string]string {
	m := map[string]string{}
	entries, _ := fs.ReadDir(files, ".")
	for _, e := range entries {
		b, _ := files.ReadFile(e.Name())
		sum := sha256.Sum256(b)
		m[e.Name()] = hex.EncodeToString(sum[:])[:10]
	}
	return m
}()

// URL is the cache-busting address of a static file.
func URL(name string) string {
	return "/static/" + name + "?v=" + hashes[name]
}

// Handler serves the files under /static/.
func Handler() http.Handler {
	fileServer := http.StripPrefix("/static/", http.FileServerFS(files))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/static/")
		if _, ok := hashes[name]; !ok {
			http.NotFound(w, r)
			return
		}
		if r.URL.Query().Get("v") == hashes[name] {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		fileServer.ServeHTTP(w, r)
	})
}
