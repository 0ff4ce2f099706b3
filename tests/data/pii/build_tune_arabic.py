"""Build ``tune_arabic.jsonl``: issue-15 TUNING material for Arabic, Persian and Turkish names (never report it).

Written by hand on 2026-12-07 (fourth session) for sentence shapes, not for names: meeting notes
("Fatemeh Rahimi tog upp …"), neighbours ("min granne Abu Karim"), e-mail signatures after
"hälsningar", "jag och X", "familjen X", titles ("Dr.", "imam"), "enligt X", SMS in lower case,
name particles (al-, el-, Abd al-, bin, -zadeh, -pour, -i), self-introductions in Arabic and
Persian script ("اسمي …", "من … هستم", "با تشکر، …") and in English. About half the names are on
no list, so the context has to find them. Traps: the restaurant Shiraz, Baghdad and Teheran as
places, English "he said", Swedish words that look like names.

Markup: ``<<text|origin>>`` is a PERSON span with its origin group, ``[[text|LABEL]]`` any other
gold span (``KEEP`` for topic words that must stay).

Run ``python tests/data/pii/build_tune_arabic.py`` to rewrite the file.
"""

from __future__ import annotations

from build_tune_shapes import build, write  # the same markup; run as a script from this folder

TEXTS: list[str] = [
    # meeting notes: a name opens the sentence
    "<<Fatemeh Rahimi|persian>> tog upp belysningen på gångvägen vid [[Bäckby|KEEP]].",
    "<<Nawal Saadeh|arabic>> undrade varför bussen inte stannar i [[Råby|KEEP]] på kvällen.",
    "Anteckningar: <<Kourosh Farahani|persian>> föreslog fler bänkar vid lekplatsen.",
    "<<Hüseyin Kaplan|turkish>> påpekade att snöröjningen i [[Skiljebo|KEEP]] kommer sent.",
    "På mötet sa <<Samira el-Khatib|arabic>> att föräldrarna vill ha ett övergångsställe.",
    "<<Abd al-Rahman Qasim|arabic>> och <<Leyla Arslan|turkish>> lämnade in en namnlista om parken.",
    # neighbours, family, "jag och X"
    "Min granne <<Abu Karim|arabic>> har klagat på nedskräpningen i flera år.",
    "min granne <<Umm Yusuf|arabic>> kan inte gå ut när isen ligger kvar",
    "Jag och <<Zahra|persian>> går med barnen till skolan varje morgon, vägen är mörk.",
    "jag och <<Mahtab|persian>> tycker att fritidsgården ska vara öppen på helger",
    "Vi från familjen <<Haddad|arabic>> i [[Hammarby|KEEP]] vill ha fler soptunnor.",
    "Hela familjen <<Rostami|persian>> har skrivit under förslaget.",
    "Min svåger <<Omid Tehrani-Nejad|persian>> cyklar till jobbet och vägen är farlig.",
    "Min dotter <<Rayan|arabic>> blev nästan påkörd vid [[Vallby|KEEP]] centrum.",
    "Grannen <<Tarek bin Saleh|arabic>> har tagit bilder på hålen i vägen.",
    # titles and "enligt"
    "Dr. <<Nasser|arabic>> på vårdcentralen sa att många äldre inte kommer dit med bussen.",
    "Doktor <<Parvaneh Ghasemi|persian>> har sagt att luften är dålig vid skolan.",
    "Enligt <<Reza|persian>> är lekplatsen vid [[Råby|KEEP]] farlig för små barn.",
    "enligt <<Babak Hosseinzadeh|persian>> har kommunen lovat en ny gångbro",
    "Imam <<Khalid al-Amin|arabic>> vill att moskén får en säker parkering.",
    "Fru <<Gülsüm Demirci|turkish>> från [[Gryta|KEEP]] ringde om bussen.",
    "Som <<Hamid Golpour|persian>> sa på mötet behövs det fler lampor.",
    "Läraren <<Wafa al-Hashimi|arabic>> har bett om en lugnare skolväg.",
    # e-mail greetings and signatures
    "Hej!\nParken vid [[Bjurhovda|KEEP]] behöver bättre belysning.\nHälsningar\n<<Mahmoud|arabic>>",
    "Hej,\nbussen kommer aldrig i tid.\nMvh <<Shirin Moradi|persian>>",
    "Hej kommunen,\njag vill ha en hundrastgård.\nVänliga hälsningar,\n<<Yasmin el-Sayed|arabic>>\n[[Skiljebo|KEEP]]",
    "Tack för mötet igår!\n/<<Dariush|persian>>",
    "Hej <<Ahmad|arabic>>,\ntack för svaret om skolan.\nHälsningar <<Ramin Jafari|persian>>",
    "Hälsningar / <<Mehmet Yıldırım|turkish>>",
    "Med vänlig hälsning\n<<Layla Abboud|arabic>>\n(boende i [[Råby|KEEP]])",
    # SMS, lower case
    "<<ali hassan|arabic>> här, lampan vid busshållplatsen är trasig igen",
    "hej det är <<noor|arabic>> från [[Vallby|KEEP]], när kommer snöplogen",
    "tja <<farzad|persian>> här. gatlyset blinkar hela natten",
    "hallå de e <<elif|turkish>>, varför är badhuset stängt",
    "<<amir|persian>> o <<sara|persian>> vill ha fler bänkar i parken",
    # web form
    "Namn: <<Hossein Rezaei|persian>>\nBostadsområde: [[Bäckby|KEEP]]\nSynpunkt: fler papperskorgar.",
    "Jag heter <<Bushra al-Tamimi|arabic>> och bor i [[Hammarby|KEEP]] sedan 2015.",
    "Jag heter <<Emre|turkish>> och jag vill ha en bättre fotbollsplan.",
    "Mitt namn är <<Maryam Salehpour|persian>>, jag har barn i förskolan.",
    "Jag är <<Ibrahim|arabic>>, pensionär, och jag saknar bänkar längs ån.",
    "Kontaktperson: <<Nadia Mansouri|arabic>>",
    # Arabic script
    "اسمي <<ليلى منصور|arabic>> وأسكن في [[Råby|KEEP]]. الحافلة تتأخر كل يوم.",
    "مرحبا، أنا <<خالد|arabic>>، الطريق إلى المدرسة مظلم.",
    "جاري <<أبو سامي|arabic>> يشتكي من النفايات في الحديقة.",
    "مع تحياتي، <<رنا الحسيني|arabic>>",
    "تكلمت <<هدى|arabic>> في الاجتماع عن موقف السيارات.",
    # Persian script
    "من <<نگار احمدی|persian>> هستم و در [[Bäckby|KEEP]] زندگی می‌کنم.",
    "با تشکر، <<بهزاد کریمی|persian>>",
    "همسایه ما آقای <<رضایی|persian>> گفت که چراغ خیابان خراب است.",
    "اسم من <<پریسا|persian>> است. پارک خیلی کثیف است.",
    # English
    "Hi, my name is <<Karim Haddadin|arabic>> and I live in [[Vallby|KEEP]].",
    "My neighbour <<Soraya|persian>> said the bus stop has no shelter.",
    "Best regards,\n<<Kemal Aydın|turkish>>",
    "I spoke with <<Yousef al-Najjar|arabic>> and he said the lights were broken for weeks.",
    "<<Yousef al-Najjar|arabic>> wrote to us about the broken lights.",
    "I met <<Abdullah bin Saleh|arabic>> at the library and he agreed.",
    "<<Abd al-Rahman Qasim|arabic>> wrote to the council about parking.",
    # particles joined to a surname, after a person word
    "Familjen <<al-Zubaidi|arabic>> har bott i [[Råby|KEEP]] i tjugo år.",
    "Min granne <<el-Masri|arabic>> klagar på ljuset från bensinmacken.",
    "من <<رضا کاظمی‌زاده|persian>> هستم و بچه‌هایم در مدرسه هستند.",
    # enumerations of names in meeting notes
    "Närvarande: <<Behrouz|persian>>, <<Mina|persian>>, <<Tarek|arabic>> och <<Samir|arabic>>.",
    # traps: places, restaurants, words
    "Restaurangen [[Shiraz|KEEP]] vid torget har sopor på trottoaren.",
    "Min familj kommer från [[Bagdad|KEEP]] och vi trivs i [[Skiljebo|KEEP]].",
    "He said the crossing near the school is dangerous.",
    "Jag bodde i [[Teheran|KEEP]] innan jag flyttade till [[Hammarby|KEEP]].",
    "Salam! Parken är fin men det behövs fler lampor.",
    "Inshallah blir det bättre belysning i vinter.",
    "Kebab- och falafelstället vid [[Vallby|KEEP]] centrum har öppet sent, det är bra.",
    "Ramadan gör att många är ute sent, bussarna borde gå oftare då.",
]


def main() -> None:
    """Write tune_arabic.jsonl (markup and writing as in ``build_tune_shapes.py``)."""
    write(build(TEXTS, "arabic"), "tune_arabic.jsonl")


if __name__ == "__main__":
    main()
