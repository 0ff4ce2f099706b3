"""Build ``tune_origins.jsonl``: issue-15 TUNING material for the weakest name origins (never report it).

Written by hand on 2026-12-07 (fifth session) without opening the anonymizer (rules, lists, code),
the report-only sets or their builders: at least 45 names each of Arabic, Persian, Turkish,
Kurdish (Kurmanji and Sorani), Polish and Somali origin, and about 15 each of Swedish, Bosnian,
Finnish and Tigrinya names as controls. Names appear as first names only, full names, patronymic
chains, transliteration variants (Mohammed/Muhammad/Mohamad, Hosseini/Husseini, Yılmaz/Yilmaz,
Wójcik/Wojcik, Cabdi/Abdi), in Arabic, Persian and Sorani script, lower case (SMS), capitals,
with a Swedish genitive -s or a Turkish suffix after an apostrophe (outside the span), with
Finnish case endings (inside the span), after titles (fru, doktor, imam, hoca, pan/pani, Xaaji),
and as "X från Y" with Y a district (KEEP). Channels: web form, e-mail with greeting and
signature, SMS, meeting notes, map comments, survey free text; in Swedish, English, Arabic,
Persian, Turkish, Somali, Polish and Kurdish. About 30 records have no personal data and carry
traps: function words and nouns of those languages that look like names, greetings ("Salaam",
"Merhaba", "Dzień dobry"), Newroz, capitalised sentence starts, and topic words named after
people (schools, parks, halls, shops, associations) marked KEEP.

Markup (as ``build_tune_shapes.py``): ``<<text|origin>>`` is a PERSON span with its origin group,
``[[text|LABEL]]`` any other gold span (``KEEP`` for topic words that must stay).

Run ``python tests/data/pii/build_tune_origins.py`` from any folder to rewrite the file.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_tune_shapes import build, write  # noqa: E402  (the same markup and writer)

WEAK = ("arabic", "persian", "turkish", "kurdish", "polish", "somali")
CONTROLS = ("swedish", "bosnian", "finnish", "tigrinya")

TEXTS: list[str] = [
    # --- meeting notes: several residents named, "X (boende på Y) sa att …"
    "<<Mohammed Jaber|arabic>> (boende på [[Råby|KEEP]]) sa att gångtunneln är mörk efter klockan sex. Närvarande: "
    "<<Rania Touma|arabic>>, <<Bashar Halabi|arabic>>, <<Ghada Sweidan|arabic>> och två tjänstepersoner.",
    "<<Muhammad Nour al-Din|arabic>> från [[Bäckby|KEEP]] frågade om fritidsgården får längre öppettider. <<Lina "
    "Barakat|arabic>> och <<Youssef Hamdan|arabic>> vill ha fler bänkar i [[Vallby|KEEP]].",
    "<<Amal Darwish|arabic>> påpekade att hissen i hennes trappuppgång varit trasig sedan oktober. Enligt <<Khaled "
    "Shami|arabic>> parkerar lastbilar på cykelbanan vid [[Hammarby|KEEP]] varje morgon.",
    "<<Hussein Abdulkarim|arabic>> och hans fru <<Zeinab Fadlallah|arabic>> berättade om trafiken vid skolan. "
    "Mötet i [[Råby|KEEP]]: <<Abdulrahman|arabic>> ville veta vem som ansvarar för snöröjningen.",
    "<<Sara Hosseini|persian>> (boende i [[Pettersberg|KEEP]]) tog upp bristen på lekplatser. Närvarande från "
    "föreningen: <<Arash Kamali|persian>>, <<Nasrin Sadeghi|persian>> och <<Behnaz|persian>>.",
    "<<Kaveh Mirzaei|persian>> sa att bussen 4 ofta är full redan vid [[Skultuna|KEEP]]. <<Golnaz Ahmadi|persian>> "
    "och <<Mojtaba Husseini|persian>> lämnade en skrivelse om belysningen.",
    "Enligt <<Roya Bagheri|persian>> saknas ramp vid entrén till [[Bäckby bibliotek|KEEP]].",
    "<<Mustafa Yılmaz|turkish>> från [[Hammarby|KEEP]] sa att parkeringen vid centrum är full jämt. Närvarande: "
    "<<Emine Çelik|turkish>>, <<Hakan Şahin|turkish>>, <<Zeynep Aydın|turkish>> (sekreterare).",
    "<<Burak Koç|turkish>> påminde om att gatlampan på gångvägen mot [[Vallby|KEEP]] släcktes i våras. <<Gülay "
    "Özdemir|turkish>> tycker att simhallen borde ha tider bara för kvinnor.",
    "<<Rojda|kurdish>> (boende på [[Råby|KEEP]]) sa att grannarna inte vågar gå genom parken. Närvarande: <<Berfin "
    "Zana|kurdish>>, <<Azad Bozan|kurdish>>, <<Shilan|kurdish>> och <<Karwan Abdulla|kurdish>>.",
    "<<Bakhtiyar Mahmud|kurdish>> från [[Kurdiska kulturföreningen|KEEP]] bjöd in kommunen till Newroz i mars. "
    "<<Rebwar Osman|kurdish>> och <<Chiman|kurdish>> frågade om lokalen i [[Bäckby|KEEP]] kan hyras på helger.",
    "<<Goran Rasul|kurdish>> sa att trappan vid [[Skultuna|KEEP]] station är hal hela vintern.",
    "<<Krzysztof Nowak|polish>> (boende i [[Hammarby|KEEP]]) frågade om ett nytt övergångsställe. Närvarande: "
    "<<Małgorzata Kowalczyk|polish>>, <<Tomasz Zieliński|polish>> och <<Katarzyna|polish>>.",
    "<<Piotr Lewandowski|polish>> påpekade att containrarna vid [[Pettersberg|KEEP]] töms för sällan. <<Grzegorz "
    "Szymański|polish>> och <<Ewa Dąbrowska|polish>> vill ha en hundrastgård.",
    "<<Cabdiraxmaan Cali|somali>> (boende på [[Bäckby|KEEP]]) sa att busshållplatsen saknar tak. Närvarande: "
    "<<Hodan Aadan|somali>>, <<Maryan Cige|somali>>, <<Khadar Nuur|somali>> från [[Somaliska föreningen|KEEP]].",
    "<<Abdirahman Mohamed Yusuf|somali>> frågade om läxhjälp på biblioteket i [[Råby|KEEP]]. <<Liibaan "
    "Jaamac|somali>> och <<Sagal|somali>> tog upp fotbollsplanens konstgräs.",
    "<<Birgitta Holm|swedish>> (boende i [[Skultuna|KEEP]]) sa att bussen 12 ska gå oftare.",
    "<<Amra Hodžić|bosnian>> och <<Emir Begović|bosnian>> berättade om bullret från byggarbetsplatsen.",
    "<<Pirjo Heikkinen|finnish>> från [[Vallby|KEEP]] tog upp de äldres väg till vårdcentralen.",
    "<<Senait Tekle|tigrinya>> och <<Filmon Gebremedhin|tigrinya>> frågade om öppna förskolan.",
    # --- e-mail: greeting, text, signature
    "Hej!\nLampan vid lekplatsen i [[Hammarby|KEEP]] är trasig igen.\nMvh <<Leyla Karimi|persian>>",
    "Hej kommunen,\nvi saknar en övergång vid skolan.\nVänliga hälsningar\n<<Farhad Tavakoli|persian>>\n[[Råby|KEEP]]",
    "Hej,\ntack för mötet!\nHälsningar <<Mina Ebrahimi|persian>> och <<Navid|persian>>",
    "God dag,\njag bor på [[Karlfeldtsgatan 7, lgh 1102|ADDRESS]] och hissen står still.\nMed vänlig "
    "hälsning\n<<Azadeh Rezaei|persian>>\n[[070.412 88 31|PHONE]]",
    "Hej!\nCykelbanan i [[Bäckby|KEEP]] är full av glas.\n/<<Ehsan|persian>>",
    "Hej,\nbarnen har ingenstans att vara på kvällarna.\nMvh\n<<Mohamad Kassem|arabic>>",
    "Hej!\nVi behöver fler papperskorgar vid [[Djäkneberget|KEEP]].\nHälsningar\n<<Dima "
    "Hijazi|arabic>>\n[[dima.hijazi@example.se|EMAIL]]",
    "Hej kommunen!\nJag skriver för min mamma <<Aya Mansour|arabic>> som inte läser svenska.\nMvh <<Jamal "
    "Qassab|arabic>>",
    "Hej,\nparkeringsplatserna vid [[Vallby|KEEP]] centrum räcker inte.\nTack på förhand\n<<Tamer Nassif|arabic>>",
    "Merhaba,\nbadhuset i [[Hammarby|KEEP]] är för dyrt för barnfamiljer.\nSaygılarımla\n<<Orhan Doğan|turkish>>",
    "Hej!\nGatan utanför [[Blåbärsvägen 14|ADDRESS]] plogas aldrig.\nMvh <<Derya Aksoy|turkish>>, [[073 456 78 "
    "90|PHONE]]",
    "Hej,\njag heter <<Emre Polat|turkish>> och bor i [[Råby|KEEP]]. Bussen är alltid sen.\nHälsningar",
    "Dzień dobry,\nna placu zabaw w [[Pettersberg|KEEP]] brakuje ławek.\nPozdrawiam\n<<Paweł Kamiński|polish>>",
    "Hej!\nSoprummet luktar illa hela sommaren.\nMvh <<Joanna Wiśniewska|polish>>\n[[Ödegårdsgatan 5, lgh "
    "1204|ADDRESS]]",
    "Hej,\njag och min man <<Marek|polish>> vill ha fler parkbänkar.\nHälsningar <<Dorota Kaczmarek|polish>>",
    "Hej kommunen,\nvägen till [[Skultuna|KEEP]] skola är farlig.\nMvh\n<<Łukasz Mazur|polish>>",
    "Salaan,\nwaxaan rabaa in baska la hagaajiyo.\nMahadsanid\n<<Guuleed Samatar|somali>>",
    "Hej!\nJag skriver för <<Ayaan Maxamuud|somali>> som behöver tolk på mötet.\nMvh <<Bashiir|somali>>",
    "Hej,\nlekplatsen vid [[Bäckby|KEEP]] är trasig.\nHälsningar\n<<Hamdi Ismaaciil|somali>>\n[[+46 70 987 65 "
    "43|PHONE]]",
    "Hej!\nVi vill ha en kvinnodag i simhallen.\nMvh <<Shukri Xuseen|somali>> och <<Naimo|somali>>",
    "Hej,\ngångvägen mot [[Hammarby|KEEP]] behöver belysning.\nHälsningar <<Shwan Othman|kurdish>>",
    "Silav,\nli [[Bäckby|KEEP]] otobus her tim dereng tê.\nBi rêz\n<<Welat Akreyi|kurdish>>",
    "Hej!\nFritidsgården stänger för tidigt.\nMvh <<Darya Salih|kurdish>>\n[[076-221 40 95|PHONE]]",
    "Hej,\ntack för svaret om parken.\nVänliga hälsningar\n<<Anders Lindqvist|swedish>>",
    "Hej!\nGrannarna spelar hög musik varje natt.\nMvh <<Jasmina Mujić|bosnian>>",
    "Hyvää päivää,\n[[Vallby|KEEP]]n bussipysäkillä ei ole penkkiä.\nTerveisin\n<<Jukka Mäkelä|finnish>>",
    "Hej,\nvi föräldrar vill ha en säkrare skolväg.\nHälsningar <<Tesfalem Habte|tigrinya>>",
    "Hej!\nVi i [[Vallby|KEEP]] vill ha en bänk vid busshållplatsen.\nMvh <<Hozan Sindî|kurdish>>",
    "Hej,\nbussen till skolan är alltid full.\nHälsningar <<Kibrom Tsegay|tigrinya>>",
    # --- SMS: lower case, no punctuation, nicknames
    "hej de e <<dilovan|kurdish>> från [[hammarby|KEEP]], gungorna e borta",
    "hej det e <<hiba|arabic>> från [[råby|KEEP]] lampan i tunneln e trasig igen",
    "<<mohammed|arabic>> här, när kommer plogen till [[vallby|KEEP]]??",
    "tja <<anas|arabic>> här, bussen gick förbi utan att stanna",
    "hallå de e <<asmaa|arabic>> ring mig [[0701234567|PHONE]]",
    "hej de e <<pouya|persian>> från [[hammarby|KEEP]], gungan e sönder",
    "<<soheila|persian>> här. badhuset stängt igen varför",
    "hej <<parisa|persian>> här, min son blev nästan påkörd vid skolan",
    "slm de e <<serkan|turkish>> parken e full av skräp",
    "<<hatice|turkish>> här från [[bäckby|KEEP]]. ingen snöröjning på vår gata",
    "hej <<yilmaz|turkish>> här, när lagas hissen",
    "cześć tu <<wojtek|polish>>, autobus znowu spóźniony",
    "hej de e <<kasia|polish>>, kan ni tömma containern",
    "<<bartek|polish>> här. lampan vid [[pettersberg|KEEP]] blinkar",
    "asc waa <<qamar|somali>>, baska [[bäckby|KEEP]] wuu daahay",
    "hej de e <<mowliid|somali>> ring [[072 345 67 89|PHONE]]",
    "<<cabdi|somali>> here, the bus stop in [[råby|KEEP]] has no light",
    "slaw min <<sirwan|kurdish>>m la [[råby|KEEP]], gloppa tekchuwa",
    "hej de e <<xebat|kurdish>>, fotbollsplanen e låst",
    "<<hejar|kurdish>> här. kan ni laga gungan",
    "hej de e <<kalle|swedish>>, cykelstället vid stationen e fullt",
    "moi tässä <<seppo|finnish>>, bussi myöhässä taas",
    "hej <<edin|bosnian>> här, vattnet i lekparken e smutsigt",
    "selam <<winta|tigrinya>> eye, bus ab [[hammarby|KEEP]] dengiyu",
    # --- capitals
    "HEJ DET ÄR <<MOHAMAD SALEH|arabic>>. HISSEN ÄR TRASIG IGEN!!!",
    "<<PAYAM SHIRAZI|persian>> HÄR. VARFÖR ÄR SIMHALLEN I [[BÄCKBY|KEEP]] STÄNGD?",
    "TACK TILL <<YILMAZ|turkish>> SOM FIXADE BÄNKARNA. MVH <<SEVGİ KORKMAZ|turkish>>",
    "MVH <<KRYSTYNA WALCZAK|polish>>, [[VALLBY|KEEP]]",
    "HEJ! <<XALIIMO|somali>> HÄR. BASKA WUU DAAHAY!",
    "<<ROJHAT|kurdish>> FRÅN [[RÅBY|KEEP]]: NI MÅSTE LAGA VÄGEN",
    "MVH <<MARGARETA BERG|swedish>>",
    # --- genitive -s and Turkish suffixes after an apostrophe (outside the span); Finnish endings inside
    "<<Walid Ashour|arabic>>s barn går i skolan vid [[Skultuna|KEEP]] och bussen är alltid full. Jag lämnade "
    "lappen i <<Mustafa Obeid|arabic>>s brevlåda.",
    "<<Kamran Alizadeh|persian>>s dotter blev påkörd vid övergångsstället.",
    "<<Mehmet|turkish>>'in arabası hâlâ otoparkta duruyor. <<Ayşe|turkish>>'ye söyledim, parkta ışık yok.",
    "Dün <<Murat Kılıç|turkish>>'la konuştum, otobüs her gün geç geliyor. <<Nurcan|turkish>>'ın çocukları okula "
    "yürüyerek gidiyor ve yol çok tehlikeli.",
    "<<Recep|turkish>> Hoca camide toplantı yapmak istiyor. <<Volkan Aslan|turkish>>s bil står på gräsmattan i "
    "[[Hammarby|KEEP]].",
    "<<Agnieszka Wójcik|polish>>s hund skäller hela natten.",
    "Puhuin <<Markku Laineelle|finnish>> eilen, hän on samaa mieltä. <<Riitta Hämäläisen|finnish>> mielestä "
    "puistoon tarvitaan valoja.",
    "Naapurini <<Sirpa Järvinen|finnish>> asuu [[Råby|KEEP]]ssa. Kysyin <<Tuulalta|finnish>>, hänkin haluaa lisää "
    "penkkejä.",
    "<<Senad|bosnian>>s cykel blev stulen vid stationen.",
    "<<Hawo Osman|somali>>s son har ingen plats på förskolan.",
    # --- titles
    "Fru <<Ingrid Åkesson|swedish>> ringde om snöröjningen i [[Skultuna|KEEP]].",
    "Doktor <<Fadi Khoury|arabic>> på vårdcentralen sa att många äldre inte kan ta bussen.",
    "Imam sheikh <<Adnan Kabbani|arabic>> vill ha bättre belysning vid moskén i [[Bäckby|KEEP]].",
    "Pan <<Wojcik|polish>> z [[Hammarby|KEEP]] mówi, że winda nie działa.",
    "Pani <<Halina|polish>> prosi o nową ławkę przy przystanku.",
    "Rozmawiałam z panią <<Zofią Piotrowską|polish>> o placu zabaw.",
    "Xaaji <<Cumar Dhoore|somali>> wuxuu sheegay in masjidka uu u baahan yahay baarkin.",
    "Doktor <<Hossein Azizi|persian>> sa att luften vid skolan är dålig.",
    "Fru <<Tülay|turkish>> från [[Vallby|KEEP]] undrar var hon ska lämna grovsopor.",
    "Pastor <<Henrik Björk|swedish>> ordnade en städdag i [[Bäckby|KEEP]] centrum.",
    "Imam <<Yahya al-Hakim|arabic>> och kyrkan ordnade en gemensam städdag.",
    "Kak <<Aram Jalal|kurdish>> wty ke pasakan la [[Råby|KEEP]] dwa dakawn.",
    "Mamoste <<Kosrat|kurdish>> på modersmålsundervisningen vill ha en större sal.",
    # --- map comments (short, often a name and a place)
    "Ingen belysning här på kvällen. <<Nazdar Hama Amin|kurdish>>",
    "Talvella tosi liukasta. <<Eero Lampinen|finnish>>",
    "Här vid [[Råby|KEEP]]-rondellen blev <<Salma Bitar|arabic>>s son påkörd. Sätt upp ett farthinder!",
    "Kartkommentar: mörkt här, säger <<Huda Al-Ali|arabic>> och <<Nabil Haidar|arabic>>.",
    "Farlig korsning. /<<Mona|arabic>>, [[Vallby|KEEP]]",
    "Denna stig används av barnen till skolan. <<Niloufar Asadi|persian>>",
    "Ingen belysning mellan [[Bäckby|KEEP]] och [[Hammarby|KEEP]]. Anmält av <<Bijan Soltani|persian>>.",
    "Trasig gunga, anmäld av <<Esra Güneş|turkish>> och <<Kemal Bulut|turkish>>.",
    "Här kör mopeder i hög fart. <<Özlem Taş|turkish>>",
    "Pęknięta płyta chodnikowa. <<Iwona Michalska|polish>>",
    "Bänken är borta sedan i somras. /<<Jacek Król|polish>>",
    "Halkigt här! <<Mukhtar Elmi|somali>>, [[Råby|KEEP]]",
    "Meel mugdi ah. <<Filsan|somali>>",
    "Cihekî tarî ye. <<Hêvî|kurdish>>",
    "Här behövs ett övergångsställe. <<Nermin Kovačević|bosnian>>",
    "Valaistus puuttuu. <<Kaisu Nieminen|finnish>>",
    "Hålet i vägen har funnits i två år. <<Mehret Asmerom|tigrinya>>",
    # --- survey free text
    "Jag heter <<Fatima Zahraa Hamoud|arabic>> och har bott i [[Pettersberg|KEEP]] i tolv år.",
    "Min granne <<Riham|arabic>> och jag går i [[Vasaparken|KEEP]] varje kväll men det är för mörkt.",
    "Min man <<Samer Qudsi|arabic>> har rullstol och kommer inte in på [[Råby bibliotek|KEEP]].",
    "Min svärmor <<Umm Ali|arabic>> är rädd att gå ut när det är halt.",
    "Vi är <<Maryam Shahbazi|persian>> och <<Siavash Nikpour|persian>>, vi vill ha fler förskoleplatser.",
    "Min dotter <<Forough|persian>> spelar fotboll på [[Kopparlunden|KEEP]] men omklädningsrummet är stängt.",
    "Jag och <<Shahram Mohammadi|persian>> vill att det byggs en cykelväg till [[Skultuna|KEEP]].",
    "Min son <<Cem Erdoğan|turkish>> tar bussen till gymnasiet och den är alltid full.",
    "Jag och min syster <<Büşra|turkish>> vill ha en tjejkväll på fritidsgården.",
    "Min pappa <<Tuncay Avcı|turkish>> kan inte läsa brev från kommunen.",
    "Moja córka <<Weronika|polish>> chodzi do szkoły w [[Vallby|KEEP]] i droga jest niebezpieczna.",
    "Min sambo <<Michał Wróbel|polish>> jobbar natt och bussarna går inte då.",
    "Jag heter <<Zbigniew Jaworski|polish>> och bor på [[Vasagatan 30|ADDRESS]].",
    "Hooyaday <<Cawo Geedi|somali>> ma aqoonto sida loo isticmaalo appka baska.",
    "Waxaan ahay <<Anisa Hirsi|somali>>, waxaan deganahay [[Bäckby|KEEP]].",
    "Min bror <<Keyse Raage|somali>> spelar basket i [[Bäckbyhallen|KEEP]].",
    "Navê min <<Zelal Amed|kurdish>> e, ez li [[Hammarby|KEEP]] dijîm.",
    "Min fru <<Kazhal|kurdish>> vill gå en svenskakurs på kvällen.",
    "Jag heter <<Astrid|swedish>> och är 82 år, bussen stannar för långt från mitt hus.",
    "Min kollega <<Haris Delić|bosnian>> cyklar från [[Skultuna|KEEP]] varje dag.",
    "Minun nimeni on <<Aino Koskinen|finnish>> ja asun [[Pettersberg|KEEP]]issä.",
    "Shimey <<Dawit|tigrinya>> yibhal, ab [[Råby|KEEP]] enebir.",
    # --- names inside non-Swedish sentences and scripts
    "اسمي <<محمد العبيدي|arabic>> وأسكن في [[روبي|KEEP]]، الإنارة في الحديقة لا تعمل. تحدثت مع <<ريم "
    "الشمري|arabic>> عن الحافلة، إنها تتأخر كل يوم.",
    "جاري <<عمر الدليمي|arabic>> يشتكي من الضجيج في الليل.\nمع تحياتي، <<يوسف النعيمي|arabic>>",
    "من <<مریم رضایی|persian>> هستم و در [[بکبی|KEEP]] زندگی می‌کنم. با <<حسین موسوی|persian>> درباره‌ی پارک صحبت کردم.",
    "با احترام، <<پریسا احمدی|persian>>",
    "ناوم <<ئاسۆ سەعید|kurdish>>ە، لە [[ڕوبی|KEEP]] دەژیم. لەگەڵ <<دلێر مەحموود|kurdish>> قسەم کرد دەربارەی پاسەکە.",
    "<<شنۆ عەزیز|kurdish>> دەڵێت پارکەکە تاریکە.",
    "Komşum <<Songül Keskin|turkish>> her akşam çöpleri topluyor. Ben <<Ercan Yavuz|turkish>>, [[Bäckby|KEEP]]'de "
    "oturuyorum ve otobüs hiç zamanında gelmiyor.",
    "Sayın yetkili, <<Selim Çakır|turkish>> ve <<Pınar Uçar|turkish>> adına yazıyorum.",
    "Nazywam się <<Elżbieta Olszewska|polish>> i mieszkam na [[Råby|KEEP]]. Mój sąsiad <<Rafał Stępień|polish>> "
    "mówi, że autobus nie przyjeżdża.",
    "Rozmawiałem z <<Danutą Malinowską|polish>> o śmieciach.",
    "<<Yuusuf Dahir|somali>> wuxuu yidhi jidka [[Hammarby|KEEP]] waa mugdi. Walaashay <<Idil Abdullahi|somali>> "
    "waxay u baahan tahay turjubaan.",
    "<<Farah Warfaa|somali>> ayaa sheegay in garoonka la xiray. My neighbour <<Sucaad|somali>> says the lift has "
    "been broken for weeks.",
    "I spoke to <<Nima Ghaffari|persian>> from [[Vallby|KEEP]] about the bus.",
    "My name is <<Abdelkader Benali|arabic>>, I live in [[Råby|KEEP]] with my family. Me and <<Khadija "
    "Amrani|arabic>> want a safer crossing near the school.",
    "<<Ammar Kanaan|arabic>> said the playground in [[Bäckby|KEEP]] is dangerous.\nRegards, <<Ziad Awad|arabic>>",
    "Best wishes,\n<<Przemysław Wieczorek|polish>>",
    "Hevalê min <<Nêçîrvan|kurdish>> dibêje park pir qirêj e. Ez û <<Bêrîvan Zêbarî|kurdish>> diçin dibistanê, rê "
    "tarî ye.",
    "<<Karim Barzinji|kurdish>> wty ke rega tarika.",
    # --- variants and chains (Mohammed/Muhammad/Mohamad, Hosseini/Husseini, Cabdi/Abdi …)
    "<<Muhammad Abdullah Saleh al-Tamimi|arabic>> och <<Ibrahim Darwish|arabic>> skrev under listan. <<Abu "
    "Hamza|arabic>> i kiosken vid [[Råby|KEEP]] säger att ungdomarna saknar en lokal.",
    "<<Abdi Farah|somali>>, <<Axmed Shire|somali>> och <<Mahamed Cali Nuur|somali>> var med på mötet. <<Cabdullahi "
    "Xasan Warsame|somali>> sa att vägen till moskén är mörk.",
    "Familjen <<Husseini|persian>> i trapphuset har redan anmält felet. <<Peyman Heidari|persian>> och <<Afshin "
    "Mostafavi|persian>> kommer från [[Skultuna|KEEP]].",
    "<<Ümit Coşkun|turkish>> (<<Umit Coskun|turkish>> i folkbokföringen) kör skolskjutsen. <<Ebru Şimşek|turkish>> "
    "(skrivs ibland <<Ebru Simsek|turkish>>) ansvarar för läxhjälpen.",
    "<<Kuba|polish>> (<<Jakub Majewski|polish>>) från [[Vallby|KEEP]] tränar barnens fotbollslag.",
    "<<Karwan Omar|kurdish>> och <<Kawa Miran|kurdish>> från [[Kurdiska kulturföreningen|KEEP]] ordnar Newroz. "
    "<<Ako Barzinji|kurdish>> sa att lokalen i [[Bäckby|KEEP]] är för liten.",
    "Tack till <<Lawin Aziz|kurdish>>, <<Hana Qadir|kurdish>> och <<Hardi|kurdish>> som städade parken. "
    "<<Mizgîn|kurdish>> û <<Serhat Cûdî|kurdish>> ji [[Hammarby|KEEP]] hatin civînê.",
    "<<Rêzan Agirî|kurdish>> got ku ronahî li kolanê tune ye. <<Peshawa Hawrami|kurdish>> och <<Zhila|kurdish>> "
    "vill ha kurdisk modersmålsundervisning.",
    "<<Dicle|kurdish>> och <<Evîn Amed|kurdish>> frågade om kvällsöppen förskola. <<Jiyan|kurdish>> från "
    "[[Råby|KEEP]] ringde om bullret.",
    "<<Beritan|kurdish>>, <<Nûjiyan|kurdish>> och <<Awat|kurdish>> skrev en gemensam synpunkt. <<Naza|kurdish>> "
    "och <<Taban Faraj|kurdish>> bor på [[Pettersberg|KEEP]].",
    # --- more residents of the weak origins in common shapes
    "Minnesanteckningar:\n- <<Tahmineh|persian>>, <<Vahid|persian>> och <<Ladan|persian>> vill ha fler bänkar i "
    "[[Vasaparken|KEEP]].\n- <<Jalal Esfahani|persian>> och <<Mahsa Zarei|persian>> bor vid "
    "[[Kopparlunden|KEEP]].\n- <<Saeed Kazemi|persian>> sa att skolgården saknar skugga.",
    "Från dialogmötet i kväll:\n- <<Shabnam Yazdani|persian>> undrade om biblioteket kan ha persiska böcker.\n- "
    "<<Elham Jafarzadeh|persian>> och <<Ardalan Fathi|persian>> ordnade en insamling.\n- <<Sepideh "
    "Nouri|persian>>, <<Fereshteh Amini|persian>> och <<Khosrow Zand|persian>> var med.",
    "Anteckningar, grupp 2:\n- <<Yasaman Kiani|persian>> och <<Hamed Rahnama|persian>> från [[Råby|KEEP]] ville ha "
    "ett utegym.\n- <<Taraneh|persian>> vill att badhuset har familjetider.\n- <<Mehdi Ghorbani|persian>> och "
    "<<Ehsan Najafi|persian>> spelar volleyboll i [[Bäckbyhallen|KEEP]].",
    "<<Shadi|persian>> ringde från [[Hammarby|KEEP]] om soporna.",
    "Minnesanteckningar:\n- <<Fatma Kurt|turkish>>, <<Onur Kaya|turkish>> och <<Hülya|turkish>> frågade om "
    "simskolan.\n- <<Levent Turan|turkish>> och <<Melek Yurt|turkish>> driver läxhjälpen.\n- <<Sinan "
    "Bozkurt|turkish>> sa att gatlamporna vid [[Vallby|KEEP]] lyser hela dagen.",
    "Från dialogmötet i kväll:\n- <<Cengiz|turkish>> och <<Filiz Arı|turkish>> bor på [[Bäckby|KEEP]].\n- <<Umut "
    "Karaca|turkish>>, <<Dilek|turkish>> och <<Ramazan Ekinci|turkish>> vill ha grillplats.\n- <<Gizem "
    "Tekin|turkish>> och <<Kadir Sarı|turkish>> tog upp skolmaten.",
    "Anteckningar, grupp 2:\n- <<Aysel|turkish>> från [[Råby|KEEP]] frågade om parkeringstillstånd.\n- <<Barış "
    "Ünal|turkish>> och <<Nesrin Yücel|turkish>> lämnade in en namnlista.\n- <<Hacer Güler|turkish>> sa att "
    "trappan är hal.",
    "Minnesanteckningar:\n- <<Beata|polish>>, <<Jarosław Krawczyk|polish>> och <<Monika Pawlak|polish>> var med på "
    "mötet.\n- <<Bartosz Grabowski|polish>> och <<Aleksandra Jabłońska|polish>> bor i [[Hammarby|KEEP]].\n- "
    "<<Renata|polish>> och <<Sławomir Nowicki|polish>> tog upp parkeringen.",
    "Från dialogmötet i kväll:\n- <<Agata Górska|polish>>, <<Artur Witkowski|polish>> och <<Mariusz|polish>> vill "
    "ha fler papperskorgar.\n- <<Dariusz Sikora|polish>> sa att gångbron i [[Skultuna|KEEP]] är rostig.\n- "
    "<<Urszula|polish>> och <<Natalia Kubiak|polish>> frågade om polsk modersmålsundervisning.",
    "Anteckningar, grupp 2:\n- <<Janusz|polish>> och <<Izabela Sadowska|polish>> från [[Vallby|KEEP]] tog upp "
    "bullret från motorvägen.\n- <<Marcin Zając|polish>> och <<Wiesław Rutkowski|polish>> städade stranden.\n- "
    "<<Magda|polish>> ringde om bussen.",
    "Minnesanteckningar:\n- <<Ubax|somali>>, <<Siciid Dualeh|somali>> och <<Muna Gelle|somali>> var med på "
    "mötet.\n- <<Zamzam|somali>> och <<Kaltuun|somali>> vill ha simtider för kvinnor.\n- <<Samsam|somali>> och "
    "<<Sahal Mohamud|somali>> bor i [[Råby|KEEP]].",
    "Från dialogmötet i kväll:\n- <<Raxma|somali>>, <<Garaad Warfaa|somali>> och <<Istar|somali>> skrev en "
    "gemensam synpunkt.\n- <<Ugaaso Jimcaale|somali>> och <<Mascuud|somali>> frågade om fotbollsplanen.\n- "
    "<<Dalmar Aw-Cali|somali>> sa att busskortet är för dyrt.",
    "Anteckningar, grupp 2:\n- <<Nimco|somali>> och <<Farxiya Xirsi|somali>> från [[Bäckby|KEEP]] vill starta en "
    "kvinnogrupp.\n- <<Abshir Gaas|somali>> och <<Ilyaas Bile|somali>> tränar barnen i [[Bäckbyhallen|KEEP]].\n- "
    "<<Deeqa Faarax|somali>> undrade om läxhjälpen.",
    "Minnesanteckningar:\n- <<Hadeel|arabic>>, <<Batoul|arabic>> och <<Ruqaya|arabic>> vill ha en tjejgrupp.\n- "
    "<<Iyad Sabbagh|arabic>> och <<Raghad Haj Ali|arabic>> bor i [[Hammarby|KEEP]].\n- <<Sami Ben Youssef|arabic>> "
    "sa att bussen inte går på söndagar.",
    "<<Sawsan|arabic>> ringde om soprummet.",
    # --- controls
    "Minnesanteckningar:\n- <<Olle Sandberg|swedish>>, <<Elsa Lundgren|swedish>> och <<Nils|swedish>> tog upp "
    "skolvägen.\n- <<Per-Olof Nyström|swedish>> sa att cykelbanan i [[Vallby|KEEP]] är sönder.\n- <<Maja|swedish>> "
    "och <<Karin Ek|swedish>> vill ha fler bänkar.",
    "<<Tore Engström|swedish>> och <<Gunnel|swedish>> från [[Skultuna|KEEP]] vill ha fler parkeringsplatser vid "
    "vårdcentralen.",
    "Från dialogmötet i kväll:\n- <<Alma Hadžić|bosnian>>, <<Selma|bosnian>> och <<Aida|bosnian>> vill ha en öppen "
    "förskola.\n- <<Mirza Salihović|bosnian>> och <<Lejla Omerović|bosnian>> bor i [[Bäckby|KEEP]].\n- <<Dženana "
    "Halilović|bosnian>>, <<Adnan Softić|bosnian>> och <<Merima|bosnian>> var med.",
    "Anteckningar, grupp 2:\n- <<Veikko|finnish>>, <<Marjatta|finnish>> och <<Raimo Salminen|finnish>> kommer från "
    "[[Hammarby|KEEP]].\n- <<Esa|finnish>> och <<Liisa|finnish>> vill ha finskspråkig äldreomsorg.",
    "Minnesanteckningar:\n- <<Saba Ghebreyesus|tigrinya>>, <<Aman Woldu|tigrinya>> och <<Rahwa|tigrinya>> frågade "
    "om skolskjuts.\n- <<Semhar Kahsay|tigrinya>> och <<Biniam|tigrinya>> bor i [[Råby|KEEP]].\n- <<Feven "
    "Tewelde|tigrinya>>, <<Yonas Mebrahtu|tigrinya>> och <<Ruta|tigrinya>> var med.",
    # --- KEEP: places, schools, halls, parks and businesses named after people, associations
    "[[Ali's Livs|KEEP]] i [[Råby|KEEP]] har öppet sent, men parkeringen utanför är mörk. Utanför [[Pizzeria "
    "Mehmet|KEEP]] står sopkärlen mitt på trottoaren.",
    "[[Hassans frisör|KEEP]] vid torget i [[Bäckby|KEEP]] behöver en ramp. [[Somaliska föreningen|KEEP]] vill låna "
    "lokalen på [[Vallby|KEEP]] skola.",
    "[[Kurdiska kulturföreningen|KEEP]] ordnar Newroz i [[Hammarby|KEEP]] park. [[Fatimas bageri|KEEP]] säljer "
    "bröd till hela [[Pettersberg|KEEP]].",
    "[[Abdullahs Halal Livs|KEEP]] har fått nya lastzoner. Eleverna på [[Carl Larssonskolan|KEEP]] går över en "
    "farlig väg.",
    "[[Wijkmanska gymnasiet|KEEP]] behöver fler cykelställ. Badplatsen vid [[Johannisberg|KEEP]] saknar "
    "livräddningsutrustning.",
    "[[Kebab Yusuf|KEEP]] i [[Skultuna|KEEP]] har utomhusservering hela sommaren. [[Polska föreningen|KEEP]] vill "
    "ha en lokal på [[Bäckby|KEEP]].",
    "[[Persiska kulturföreningen|KEEP]] firar Nowruz vid [[Vasaparken|KEEP]].",
    # --- no personal data: traps in the residents' languages, greetings, capitals
    "Salaam! Parken i [[Råby|KEEP]] behöver fler lampor.",
    "Merhaba, otobüs durağında oturacak yer yok.",
    "Dzień dobry, kiedy będzie naprawiona winda?",
    "Newroz firas i [[Bäckby|KEEP]] varje år och då behövs fler soptunnor.",
    "Bir kez daha yazıyorum: çöp kutuları dolu.",
    "Ama neden kimse cevap vermiyor? Park karanlık.",
    "Hani yeni oyun parkı? Çocuklar bekliyor.",
    "Pan i pani z urzędu obiecali ławki, ale nic się nie stało.",
    "Ale autobus znowu się spóźnił.",
    "Nabad iyo caano. Baska wuu soo daahaa mar walba.",
    "Hooyo iyo aabe waxay rabaan nal badan.",
    "Roj baş! Li [[Råby|KEEP]] park tarî ye.",
    "Rojbaş, ez dixwazim zarokên me cihê lîstikê hebe.",
    "Azadî ji bo jinan di hewzê de girîng e.",
    "Baran tê û rê pir xirab dibe.",
    "Shukran för att ni lagade lampan!",
    "Inshallah blir det en ny lekplats snart.",
    "Mahadsanid, jidka [[Råby|KEEP]] waa la hagaajiyay.",
    "Selam till alla, bussarna funkar inte.",
    "Amal, hopp på arabiska, är vad vi behöver i [[Råby|KEEP]].",
    "Kiitos, että korjasitte valot.",
    "Hej! Vi i [[Pettersberg|KEEP]] vill ha en ny gungställning.",
    "Dobar dan, lift ne radi već tri sedmice.",
    "Ayaan ka helin wax jawaab ah.",
    "Alla bussar till [[Skultuna|KEEP]] är försenade i dag.",
    "Yol çok kötü, lütfen tamir edin.",
    "[[Selma Lagerlöfs väg|KEEP]] är avstängd, vi kan inte ta oss till [[Hammarby|KEEP]].",
]


def check(records: list[dict]) -> Counter:
    """Assert that every span's offsets match its text; return the distinct PERSON names per origin."""
    seen: dict[str, set[str]] = {}
    for record in records:
        for e in record["entities"]:
            assert record["text"][e["start"] : e["end"]] == e["text"], record["id"]
            if e["label"] == "PERSON":
                seen.setdefault(e["origin"], set()).add(e["text"].lower())
    counts = Counter({origin: len(names) for origin, names in seen.items()})
    assert set(counts) == set(WEAK) | set(CONTROLS), sorted(counts)
    assert all(counts[o] >= 15 for o in WEAK), counts
    return counts


def _name_words(path: Path) -> set[str]:
    import json

    return {
        w.lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        for e in json.loads(line)["entities"]
        if e["label"] == "PERSON"
        for w in e["text"].split()
    }


def _apart_from_heldout2(records: list[dict]) -> list[dict]:
    """Drop every text with a name word that heldout2.jsonl also has, so tuning on this set cannot lift it.

    The texts were written without opening heldout2; common names (Mohammed, Ayşe …) still met.
    Only word sets are compared here; nothing of heldout2 is printed or copied.
    """
    held = _name_words(Path(__file__).resolve().parent / "heldout2.jsonl")
    kept = [
        r
        for r in records
        if not any(w.lower() in held for e in r["entities"] if e["label"] == "PERSON" for w in e["text"].split())
    ]
    return [{**r, "id": f"origins-{i:04d}"} for i, r in enumerate(kept, 1)]


def main() -> None:
    """Write tune_origins.jsonl and print the distinct names per origin."""
    records = _apart_from_heldout2(build(TEXTS, "origins"))
    counts = check(records)
    write(records, "tune_origins.jsonl")
    print(dict(sorted(counts.items())), sum(r["group"] == "none" for r in records), "records without a name")


if __name__ == "__main__":
    main()
