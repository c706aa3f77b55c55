package monitoring

import (
	"errors"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// the key's shape: host, path, sorted query; no scheme
		{"https://lsm.lv/raksts/zinas/latvija/x.a123/?id=5", "lsm.lv/raksts/zinas/latvija/x.a123?id=5"},
		{"https://lsm.lv/", "lsm.lv"},
		{"https://lsm.lv", "lsm.lv"},
		{"https://lsm.lv/?id=5", "lsm.lv?id=5"},
		{"  https://lsm.lv/a\t", "lsm.lv/a"},
		// without a scheme
		{"www.lsm.lv/raksts/a", "lsm.lv/raksts/a"},
		{"lsm.lv", "lsm.lv"},
		{"lsm.lv:8080/a", "lsm.lv:8080/a"},
		{"//lsm.lv/a", "lsm.lv/a"},
		// the host
		{"HTTPS://WWW.LSM.LV/Raksts", "lsm.lv/Raksts"},
		{"https://m.delfi.lv/a", "delfi.lv/a"},
		{"https://www.m.delfi.lv/a", "delfi.lv/a"},
		{"https://mm.delfi.lv/a", "mm.delfi.lv/a"},
		{"https://m.lv/a", "m.lv/a"},
		{"https://www.lv", "www.lv"},
		{"https://lsm.lv./a", "lsm.lv/a"},
		{"https://bücher.de/a", "xn--bcher-kva.de/a"},
		{"https://BÜCHER.DE/a", "xn--bcher-kva.de/a"},
		{"https://xn--bcher-kva.de/a", "xn--bcher-kva.de/a"},
		{"https://www.bücher.de/a", "xn--bcher-kva.de/a"},
		{"https://my_site.example.lv/a", "my_site.example.lv/a"},
		{"http://[::1]:8080/a", "[::1]:8080/a"},
		// ports
		{"http://lsm.lv:80/a", "lsm.lv/a"},
		{"https://lsm.lv:443/a", "lsm.lv/a"},
		{"https://lsm.lv:8443/a", "lsm.lv:8443/a"},
		{"https://lsm.lv:0443/a", "lsm.lv/a"},
		{"https://lsm.lv:08443/a", "lsm.lv:8443/a"},
		{"https://lsm.lv:/a", "lsm.lv/a"},
		// the fragment
		{"https://lsm.lv/a#komentari", "lsm.lv/a"},
		{"https://lsm.lv/a?id=5#x?y=1", "lsm.lv/a?id=5"},
		// tracking parameters
		{"https://lsm.lv/a?utm_source=fb&utm_medium=social&UTM_Campaign=x&id=5", "lsm.lv/a?id=5"},
		{"https://lsm.lv/a?fbclid=1&gclid=2&dclid=3&yclid=4&msclkid=5&mc_cid=6&mc_eid=7&_ga=8&_gl=9&igshid=10&ref_src=11&spm=12&cmpid=13", "lsm.lv/a"},
		{"https://lsm.lv/a?utm%5Fsource=x", "lsm.lv/a"},
		{"https://lsm.lv/?utm_source=rss", "lsm.lv"},
		{"https://lsm.lv/a?rss=1&ref=lv&source=feed", "lsm.lv/a?ref=lv&rss=1&source=feed"},
		// the query's order and empty parameters
		{"https://lsm.lv/a?b=2&a=3&a=1", "lsm.lv/a?a=1&a=3&b=2"},
		{"https://lsm.lv/a?a=&a", "lsm.lv/a?a&a="},
		{"https://lsm.lv/a?&&id=5&", "lsm.lv/a?id=5"},
		{"https://lsm.lv/a?", "lsm.lv/a"},
		// percent-encoding
		{"https://lsm.lv/%7euser/%41", "lsm.lv/~user/A"},
		{"https://lsm.lv/a%2fb", "lsm.lv/a%2Fb"},
		{"https://lsm.lv/raksts/%c4%81", "lsm.lv/raksts/%C4%81"},
		{"https://lsm.lv/raksts/ā", "lsm.lv/raksts/%C4%81"},
		{"https://lsm.lv/a b", "lsm.lv/a%20b"},
		{"https://lsm.lv/a(b)", "lsm.lv/a(b)"},
		{"https://lsm.lv/a(b)/ā", "lsm.lv/a(b)/%C4%81"},
		{"https://lsm.lv/meklēt?q=Daugavpilī", "lsm.lv/mekl%C4%93t?q=Daugavpil%C4%AB"},
		{"https://lsm.lv/a?q=a%26b&r=%3d", "lsm.lv/a?q=a%26b&r=%3D"},
		{"https://lsm.lv/a?q=a+b", "lsm.lv/a?q=a+b"},
		// the path
		{"https://lsm.lv//a///b/", "lsm.lv/a/b"},
		{"https://lsm.lv/a/./b/../c", "lsm.lv/a/c"},
		{"https://lsm.lv/a/%2e%2E/c", "lsm.lv/c"},
		{"https://lsm.lv/a/index.html", "lsm.lv/a"},
		{"https://lsm.lv/a/index.php?id=3", "lsm.lv/a?id=3"},
		{"https://lsm.lv/index.html", "lsm.lv"},
		{"https://lsm.lv/a/myindex.html", "lsm.lv/a/myindex.html"},
		{"https://lsm.lv/index.html/a", "lsm.lv/index.html/a"},
	} {
		got, err := NormalizeURL(c.in)
		if err != nil {
			t.Errorf("NormalizeURL(%q): %v", c.in, err)
		} else if got != c.want {
			t.Errorf("NormalizeURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeURLSameArticleSameKey(t *testing.T) {
	for _, links := range [][]string{
		{"http://www.Example.lv/a/?utm_source=x#top", "https://example.lv/a"},
		{"https://example.lv/a?b=2&a=1", "https://example.lv/a?a=1&b=2", "example.lv/a?a=1&b=2&fbclid=X"},
		{"https://lsm.lv/raksts/ā", "https://lsm.lv/raksts/%C4%81", "https://lsm.lv/raksts/%c4%81"},
		{"https://m.lsm.lv/a/", "lsm.lv/a/index.html", "https://www.lsm.lv:443/a"},
		{"https://ģimene.lv/par", "https://ĢIMENE.LV/par"},
	} {
		first, err := NormalizeURL(links[0])
		if err != nil {
			t.Errorf("NormalizeURL(%q): %v", links[0], err)
			continue
		}
		for _, other := range links[1:] {
			if got, err := NormalizeURL(other); err != nil || got != first {
				t.Errorf("NormalizeURL(%q) = %q, %v; want %q, as for %q", other, got, err, first, links[0])
			}
		}
	}
}

func TestURLRefusals(t *testing.T) {
	for _, c := range []struct{ in, code string }{
		{"", URLEmpty},
		{"   ", URLEmpty},
		{"javascript:alert(1)", URLUnsupportedScheme},
		{"JavaScript:alert(1)", URLUnsupportedScheme},
		{"ftp://x", URLUnsupportedScheme},
		{"mailto:redakcija@lsm.lv", URLUnsupportedScheme},
		{"data:text/html,<script>", URLUnsupportedScheme},
		{"http://", URLNoHost},
		{"https:///raksts", URLNoHost},
		{"http://:80/", URLNoHost},
		{"http:lsm.lv", URLNoHost},
		{"https://user:parole@lsm.lv/", URLCredentials},
		{"https://lsm.lv@example.com/", URLCredentials},
		{"Daugavpils", URLMalformed},
		{"https://lsm lv/", URLMalformed},
		{"https://lsm.lv/%zz", URLMalformed},
		{".", URLMalformed},
		{"https://./a", URLMalformed},
		{"https://lsm..lv/a", URLMalformed},
		{"https://ls\"m.lv/a", URLMalformed},
		{"https://[::1%25eth0]/a", URLMalformed},
		{"#top", URLEmpty},
		{"https://a\u00a0b.lv/", URLMalformed},
		{"https://ab\u200d.lv/", URLMalformed},
		{"https://a⒈lv/", URLMalformed},
	} {
		for name, f := range map[string]func(string) (string, error){"NormalizeURL": NormalizeURL, "CleanURL": CleanURL} {
			got, err := f(c.in)
			var ue *URLError
			if !errors.As(err, &ue) || ue.Code != c.code {
				t.Errorf("%s(%q) = %q, %v; want the code %s", name, c.in, got, err, c.code)
			}
		}
	}
}

func TestURLErrorReadsInLogs(t *testing.T) {
	_, err := NormalizeURL("ftp://x")
	if got, want := err.Error(), `monitoring: link "ftp://x" refused: unsupported scheme`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCleanURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://lsm.lv/raksts/a", "https://lsm.lv/raksts/a"},
		{"  www.lsm.lv/raksts/a?utm_source=x&id=5#c ", "https://www.lsm.lv/raksts/a?id=5"},
		{"http://Example.lv/A/?utm_source=x", "http://Example.lv/A/"},
		{"https://lsm.lv/raksts/ā?q=Daugavpilī&fbclid=1", "https://lsm.lv/raksts/ā?q=Daugavpilī"},
		{"https://lsm.lv/a?b=2&a=1", "https://lsm.lv/a?b=2&a=1"},
		{"https://lsm.lv/a?&b=2&&gclid=x&", "https://lsm.lv/a?b=2"},
		{"//lsm.lv/a", "https://lsm.lv/a"},
		{"lsm.lv:8080/a", "https://lsm.lv:8080/a"},
		{"https://m.delfi.lv/a/index.html", "https://m.delfi.lv/a/index.html"},
		{"https://lsm.lv/a#komentari", "https://lsm.lv/a"},
		{"https://lsm.lv/a #komentari", "https://lsm.lv/a"},
		{"https://lsm.lv/a b/\"c\"?q=a b", "https://lsm.lv/a%20b/%22c%22?q=a%20b"},
		{"https://lsm.lv/\xff", "https://lsm.lv/%FF"},
	} {
		got, err := CleanURL(c.in)
		if err != nil {
			t.Errorf("CleanURL(%q): %v", c.in, err)
		} else if got != c.want {
			t.Errorf("CleanURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{
		"http://www.Example.lv/a/?utm_source=x#top", "lsm.lv:8080/a", "//lsm.lv/a", "https://bücher.de/a%2fb?q=ā&&a",
		"javascript:alert(1)", "http://[::1]:8080/a", "https://lsm.lv/a/./../index.php?b=1&a=2", "http:lsm.lv",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		key, err := NormalizeURL(raw)
		clean, cleanErr := CleanURL(raw)
		if (err == nil) != (cleanErr == nil) {
			t.Fatalf("%q: NormalizeURL says %v, CleanURL %v", raw, err, cleanErr)
		}
		if err != nil {
			var ue *URLError
			if !errors.As(err, &ue) {
				t.Fatalf("NormalizeURL(%q) = %v, not a *URLError", raw, err)
			}
			return
		}
		// The link kept is the same article as the one given.
		if again, err := NormalizeURL(clean); err != nil || again != key {
			t.Fatalf("NormalizeURL(%q) = %q, but NormalizeURL(CleanURL = %q) = %q, %v", raw, key, clean, again, err)
		}
	})
}
