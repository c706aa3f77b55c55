package i18n

import "strings"

// collectYAMLKeys flattens the simple two-space-indented YAML our catalogues
// use ("key: value" lines under nested maps) into dotted keys, for the
// top-level language lang only.
func collectYAMLKeys(src, lang string, out map[string]string) {
	var path []string
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := (len(line) - len(strings.TrimLeft(line, " "))) / 2
		k, v, ok := strings.Cut(trimmed, ":")
		if !ok {
			continue
		}
		k = strings.Trim(k, `"'`)
		if indent < len(path) {
			path = path[:indent]
		}
		v = strings.TrimSpace(v)
		if v == "" {
			path = append(path, k)
			continue
		}
		// The first level is the language itself.
		if len(path) == 0 || path[0] != lang {
			continue
		}
		full := append(append([]string{}, path[1:]...), k)
		out[strings.Join(full, ".")] = strings.Trim(v, `"'`)
	}
}
