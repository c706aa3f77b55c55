package contacts

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The directory's search folds text the way the database's contact_fold
// does (migration 00100): lower case, no diacritics, words of letters and
// digits. A search word matches the start of a word of the contact's
// search text; a word in Cyrillic also matches its Latin spelling.

// foldExtra are the letters with no decomposition that unaccent still maps.
var foldExtra = map[rune]string{'ł': "l", 'ø': "o", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ħ': "h", 'ı': "i"}

// Fold is s as the search compares it, as words.
func Fold(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFC.String(strings.ToLower(s)) {
		switch {
		case r == 'й':
			// unaccent keeps й: it is a letter of its own in Russian.
			b.WriteRune(r)
			continue
		case foldExtra[r] != "":
			b.WriteString(foldExtra[r])
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case unicode.IsLetter(d) || unicode.IsDigit(d):
				b.WriteRune(d)
			default:
				b.WriteRune(' ')
			}
		}
	}
	return strings.Fields(b.String())
}

// hasCyrillic tells whether a folded word holds a Cyrillic letter.
func hasCyrillic(w string) bool {
	return strings.ContainsFunc(w, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) })
}

// translitLV is a folded word in Cyrillic as Latvian writes it in Latin
// letters, folded (contact_translit_lv).
var translitLV = strings.NewReplacer(
	"щ", "sc", "ю", "ju", "я", "ja", "ё", "jo",
	"а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "е", "e", "ж", "z", "з", "z", "и", "i", "й", "j",
	"к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p", "р", "r", "с", "s", "т", "t", "у", "u",
	"ф", "f", "х", "h", "ц", "c", "ч", "c", "ш", "s", "ы", "i", "э", "e", "і", "i", "ї", "i", "є", "e",
	"ъ", "", "ь", "")

// searchTerms are the alternatives each word of a search may match: the
// word itself, and for a Cyrillic word its Latin spelling.
func searchTerms(q string) [][]string {
	var out [][]string
	for _, w := range Fold(q) {
		alts := []string{w}
		if hasCyrillic(w) {
			if l := translitLV.Replace(w); l != w && l != "" {
				alts = append(alts, l)
			}
		}
		out = append(out, alts)
	}
	return out
}

// MaxSearchWords is how many words of a search are used; more narrow
// nothing a person would look for.
const MaxSearchWords = 6

// NameTerms are the alternatives each word of a person's name may be
// found by in text folded by the database's contact_search_words (the
// word, and for a Cyrillic word its Latin spelling), at most
// MaxSearchWords words: what other areas search their own free text with
// for a data subject's request.
func NameTerms(name string) [][]string {
	t := searchTerms(name)
	if len(t) > MaxSearchWords {
		t = t[:MaxSearchWords]
	}
	return t
}
