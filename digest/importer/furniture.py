"""Tell site furniture from article text by what a line is, not by a list of known phrases.

Every line gets a score from general signals, each with a reason a user can read:

- **calls to action**: a line that tells the reader to subscribe, sign up, follow, share,
  download, accept, enable notifications, read more or support the outlet (strongest when it
  opens the line);
- **what they point at**: newsletters, inboxes and e-mail addresses, apps and stores, social
  networks, notifications, a subscription's price ("£5 per month");
- **consent and privacy vocabulary**: cookies, consent, privacy policy, personal data;
- **sign-offs**: a newsletter's "Thanks for reading!" before its call to subscribe;
- **the rules of the comments** around the text: "Comments are moderated and may be removed";
- **sign-up forms**: what one says once sent or failing ("Thanks for signing up!", "There
  was an error processing your subscription."), and its box's title ("Pick Six Newsletter");
- **copyright lines** ("© 2024 ...", "Tous droits réservés");
- **navigation and notes about the page**: "Skip to main content", "Back to home", "This
  article is more than 5 years old", "Reuse this content";
- **links and counters**: handles, hashtags, "12 comments", "1.2K shares", bare addresses;
- **length and punctuation**: furniture is short and rarely ends a sentence; a long sentence
  of prose is article text whatever it mentions;
- **position**: above the headline or after the last paragraph a line is more likely furniture.

Length and position only add to what a line says: without at least one strong signal (or
two weak ones) a line is article text.

The vocabularies cover English, Turkish, German, French, Spanish and Arabic, and the commonest
words of Chinese and Japanese sites (matched without word boundaries, which those scripts
lack).  A line scoring ``THRESHOLD`` or more is furniture; ``classify`` returns why, or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.importer.lines import ends_sentence
from digest.model import count_words

THRESHOLD = 3.0

_CTA = (
    # en
    r"subscribe|sign up|sign in|log in|register|join|follow|share|tweet|download|install|get the app|accept|agree"
    r"|allow|enable|turn on|activate|read more|read also|see also|also read|continue reading|click|tap|watch|listen"
    r"|read next|close|dismiss|got it|no thanks|reject|decline|don't miss|don’t miss|never miss|support us|donate|upgrade"
    r"|(?:read|open|continue) in (?:the )?app"
    r"|(?:view|show|see|load|read) (?:all )?(?:\d+ )?comments"
    r"|become a (?:member|subscriber|supporter)|(?:support|fund) (?:independent |our |quality )?journalism"
    r"|support the(?= (?-i:[A-Z]))|receive|get alerts|try (?:it )?(?:free|for free)|start (?:your )?free trial|get (?:unlimited )?access"
    # tr
    r"|abone ol\w*|üye ol\w*|kaydol\w*|giriş yap\w*|takip e(?:din|t|dİn)\w*|paylaş\w*|indir\w*|yükle\w*|kabul et\w*"
    r"|yorum yap\w*|kapat|reddet\w*|tamam|izin ver\w*|bildirimleri aç\w*|devamını oku\w*|haberin devamı|daha fazla\w*|ilgili haber\w*|tıkla\w*|izle\w*|dinle\w*"
    # de
    r"|abonnieren|jetzt abonnieren|anmelden|registrieren|einloggen|folgen sie|folge uns|teilen|herunterladen"
    r"|akzeptieren|zustimmen|einverstanden|erlauben|aktivieren|weiterlesen|mehr lesen|mehr zum thema|lesen sie auch"
    r"|klicken sie|jetzt lesen|jetzt testen|schließen|ablehnen|verpassen sie|erhalten sie|kommentare anzeigen"
    # fr
    r"|abonnez-vous|je m'abonne|je m’abonne|s'abonner|s’abonner|inscrivez-vous|s'inscrire|s’inscrire|connectez-vous|suivez-nous|suivez"
    r"|partager|partagez|télécharger|téléchargez|accepter|acceptez|j'accepte|j’accepte|autoriser|activer|activez"
    r"|lire la suite|lire aussi|à lire aussi|voir aussi|cliquez|regarder|écouter|fermer|refuser|tout refuser"
    r"|ne manquez|recevez|voir les commentaires"
    # es
    r"|suscríbete|suscríbase|suscribirse|suscribete|regístrate|regístrese|registrarse|inicia sesión|síguenos|siguenos"
    r"|sigue|compartir|descargue|lea también|haga clic"
    r"|comparte|descarga|descargar|aceptar|acepto|acepta|permitir|activar|activa|leer más|lee también|ver también"
    r"|haz clic|pulsa|mira|escucha|cerrar|rechazar|no te pierdas|recibe|ver (?:los )?comentarios"
    # ar
    r"|اشترك|اشتركوا|سجل|سجّل|تسجيل الدخول|تابعنا|تابعونا|تابع|شارك|شاركوا|حمل|حمّل|تحميل|نزّل|أوافق|موافق|قبول"
    r"|اقبل|إغلاق|رفض|فعّل|فعل|تفعيل|اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|المزيد|اضغط|انقر|شاهد|استمع"
    # it, pt, nl, pl, ru
    r"|iscriviti|abbonati|seguici|condividi|scarica|leggi anche|leggi di più|accetta|accetto"
    r"|inscreva-se|assine|siga-nos|compartilhe|baixe|leia também|leia mais|aceitar|aceito"
    r"|abonneer|schrijf je in|meld je aan|volg ons|deel dit|download|lees ook|lees meer|accepteer|akkoord"
    r"|subskrybuj|zapisz się|obserwuj|pobierz|czytaj też|czytaj także|czytaj więcej|akceptuj|zaakceptuj"
    r"|подпишитесь|подписывайтесь|подписаться|читайте также|читать также|читать далее|читайте нас|следите за"
    r"|скачайте|скачать|присоединяйтесь|принять|согласен"
)
_TARGET = (
    r"newsletters?|inbox|e-?mail(?: address)?|notifications?|alerts?|app|apps|app store|google play|play store"
    r"|podcast|google news|conversations?|commenting forum|whatsapp|telegram|facebook|twitter|instagram|youtube|linkedin|tiktok|threads|bluesky|x\.com|rss"
    r"|premium|subscription|us|our|free"
    r"|social media|social networks?|redes sociales|réseaux sociaux|sozialen (?:medien|netzwerken)|sosyal medya\w*"
    r"|social network|reti sociali|redes sociais|sociale media"
    r"|(?:this|the) (?:article|story)|(?:the )?full (?:article|story)|diesen artikel|cet article|esta noticia|este artículo"
    r"|bu haber\w*|questo articolo"
    r"|bülten\w*|e-?posta\w*|bildirim\w*|uygulama\w*|hesab\w*|bizi|kanal\w*|abonelik\w*"
    r"|e-mail-adresse|postfach|benachrichtigungen|uns|abo"
    r"|lettre d'information|lettre d’information|boîte (?:mail|de réception)|adresse e-mail|courriel"
    r"|application|l'appli|nous|abonnement|alertes"
    r"|boletín|correo(?: electrónico)?|bandeja de entrada|notificaciones|aplicación|nuestro|suscripción|alertas"
    r"|النشرة\w*|البريد الإلكتروني|بريدك|الإشعارات|إشعارات|التطبيق|تطبيق\w*|قناتنا|حساباتنا"
    r"|تويتر|فيسبوك|إنستغرام|انستغرام|يوتيوب|تلغرام|تيليغرام|واتساب|تيك توك"
    r"|nostra newsletter|notifiche|canale|nossa newsletter|notificações|aplicativo|nieuwsbrief|meldingen"
    r"|newslettera|powiadomienia|aplikacj\w*|рассылк\w*|канал\w*|уведомлени\w*|приложени\w*|нас"
)
_CONSENT = (
    r"cookies?|consent|privacy(?: policy| settings| notice)?|personal data|data protection|gdpr|tracking technolog\w*"
    r"|third[- ]party partners|terms of (?:use|service)|legitimate interest"
    r"|çerez\w*|gizlilik\w*|kişisel veri\w*|kvkk|aydınlatma metni\w*|açık rıza\w*"
    r"|datenschutz\w*|einwilligung\w*|personenbezogene\w*|nutzungsbedingungen"
    r"|témoins|consentement|confidentialité|données personnelles|politique de confidentialité|rgpd"
    r"|galletas|consentimiento|privacidad|datos personales|política de cookies|rgpd"
    r"|ملفات تعريف الارتباط|الكوكيز|كوكيز|سياسة الخصوصية|الخصوصية|البيانات الشخصية|الموافقة"
)
_RIGHTS = (
    r"the views expressed in this article|do not necessarily reflect the (?:views|editorial)|editorial policy of"
    r"|©|\(c\) \d{4}|copyright|all rights reserved|tüm hakları saklıdır|her hakkı saklıdır|alle rechte vorbehalten"
    r"|tous droits réservés|todos los derechos reservados|جميع الحقوق محفوظة|tutti i diritti riservati"
    r"|todos os direitos reservados|alle rechten voorbehouden|wszelkie prawa zastrzeżone|все права защищены"
    r"|усі права захищені|всі права захищені|με επιφύλαξη παντός δικαιώματος|všechna práva vyhrazena"
    r"|všetky práva vyhradené|minden jog fenntartva|toate drepturile rezervate|alla rättigheter förbehållna"
    r"|alle rettigheder forbeholdes|alle rettigheter reservert|kaikki oikeudet pidätetään"
    r"|hak cipta dilindungi undang-undang|כל הזכויות שמורות|تمامی حقوق .{0,30}محفوظ است|版权所有|版權所有"
    r"|無断転載を禁じます|無断転載禁止"
    r"|purchase licensing rights|licensing rights|reprints and permissions"
)
_NAVIGATION = (
    r"skip to (?:the )?(?:main )?(?:content|navigation)|back to (?:the )?(?:home|homepage|home page|top|front page)"
    r"|go to (?:the )?(?:home ?page|front page)|return to (?:the )?(?:home ?page|top)|jump to navigation"
    r"|this (?:article|story) is more than \w+ (?:years?|months?) old|reuse this content|republish this (?:article|story)"
    r"|réutiliser ce contenu|offrir cet article"
    r"|reprints? (?:and|&) permissions|ana sayfaya dön\w*|içeriğe geç|zum inhalt springen|zur startseite"
    r"|aller au contenu|retour à l[’']accueil|ir al contenido|volver a la portada|العودة إلى الرئيسية|انتقل إلى المحتوى"
    r"|返回首页|返回顶部|回到顶部|トップへ戻る|ホームへ戻る|ページの先頭へ"
    r"|skip (?:the )?next section|skip to next section|send us your feedback"
    r"|your browser does not support (?:the )?(?:audio|video|iframe|html5)\w*(?: (?:element|tag|playback))?"
)
# A line that is only the label of a page's comments or sharing buttons.
_LONE_LABEL = re.compile(
    r"\W*(?:\d+\s+)?(?:comments?|share|share this(?: article| story| update| post)?|print|e-?mail|yorumlar|kommentare"
    r"|order reprints|print (?:this )?article|e-?mail this (?:article|story)"
    r"|commentaires|comentarios|التعليقات|yazdır|drucken|(?:artikel )?teilen|imprimer|partager(?: cet article)?"
    r"|imprimir|compartir(?: esta noticia| este artículo)?|compartilhar|partilhar|condividi(?: questo articolo)?"
    r"|stampa|delen|deel dit artikel|afdrukken|udostępnij|drukuj|поделиться(?: в соцсетях)?|печать|распечатать"
    r"|طباعة|مشاركة|شارك(?: هذا)? (?:المقال|الخبر|الموضوع))\W*",
    re.IGNORECASE,
)
# A page's comments, in the languages furniture is told in.
_COMMENTS = (
    r"comments|kommentare|commentaires|comentarios|commenti|comentários|reacties|komentarze|комментарии|التعليقات"
)
# A form's field, the star marking it required: "Name *", "Website *", "E-posta *".
_FORM_FIELD = re.compile(r"\W*\w+(?:[ -]\w+)?\s*\\?\*")
# The heading of a page's comments with their number: "Diskussion (245 Beiträge)", "Yorumlar (12)".
_COUNTED_LABEL = re.compile(
    rf"\W*(?:comment|discussion|yorumlar|yorum|diskussion|réactions|{_COMMENTS})\s*[(\[]\s*[\d.,]+(?:\s+\w+)?\s*[)\]]\W*",
    re.IGNORECASE,
)
# A bar of sharing buttons, read as text: "Send Facebook X WhatsApp", "Print Permalink https://…".
_SHARE_BAR = re.compile(
    r"(?:(?:send|share(?: this(?: update| post)?)?|print|permalink|e-?mail|copy link|facebook|x|twitter|whatsapp"
    r"|telegram|linkedin|reddit|pinterest|messenger|senden|drucken|teilen|imprimer|partager|envoyer|compartir"
    r"|enviar|imprimir|paylaş|yazdır|https?://\S+)(?:\s+|$)){2,}",
    re.IGNORECASE,
)
# A short line above the headline or after the text that only leads back somewhere ("Back to
# newsroom", "Zurück zur Listenansicht"); in the text, "Back to school" may be a subheading.
_BACK_TO = re.compile(
    r"^\W*(?:back to|return to|zurück (?:zu[mr]?|nach)|retour (?:à|au|aux)|volver a|regresar a|ir a la|geri dön\w*"
    r"|العودة إلى)\s+\S",
    re.IGNORECASE,
)
_PAYWALL = (
    r"already a (?:subscriber|member)|free articles? (?:left|remaining)|limit of free articles|subscribers only"
    r"|réservée? (?:aux|à nos) abonnés|nur für abonnenten|(?:solo|exclusivo) para suscriptores|abonelere özel"
    r"|we have a small favou?r to ask"
    r"|abonnenten lesen|déjà abonné|ya eres suscriptor|zaten abone|للمشتركين فقط"
    # an offer's small print: "Jederzeit kündbar", "Cancel anytime"
    r"|jederzeit kündbar|monatlich kündbar|cancel (?:at )?any ?time|résiliable à tout moment|sans engagement"
    r"|cancela cuando quieras|cancelable en cualquier momento|istediğin(?:iz)? zaman iptal"
)
# A newsletter's or blog's sign-off thanking the reader, before its call to subscribe.
_SIGN_OFF = re.compile(
    r"(?:^|\W)(?:thanks?(?: you)? (?:so much )?for reading|danke (?:fürs|für das|für's|für ihr) lesen"
    r"|vielen dank (?:fürs|für das|für ihr) lesen|merci (?:de votre lecture|d'avoir lu|d’avoir lu|pour votre lecture)"
    r"|gracias por (?:leer|tu lectura|su lectura)|okuduğunuz için teşekkürler|grazie per (?:aver letto|la lettura)"
    r"|obrigad[oa] por ler|bedankt voor het lezen|dziękuję za lekturę|спасибо,? что (?:читаете|прочитали)"
    r"|شكرا (?:لقراءتك|على القراءة))(?:\W|$)",
    re.IGNORECASE,
)
# What a sign-up or sharing form says once it is sent, or when it fails: "Thanks for signing
# up!", "There was an error processing your subscription.", "This article has been sent to".
_SIGNED_UP = re.compile(
    r"\W*(?:thanks?(?: you)?(?: so much)? for (?:signing up|subscribing|registering|joining us)"
    r"|you(?:'re| are|’re) (?:now |all )*(?:signed up|subscribed)|check your inbox|keep an eye on your inbox"
    r"|(?:an|there was an) error (?:processing|with) your (?:subscription|sign[- ]?up|request)"
    r"|please (?:enter|provide) a valid e-?mail|an error has occurred[.,;]?\s*please try again"
    r"|this (?:article|story) has been sent to"
    r"|danke für (?:ihre|deine) anmeldung|vielen dank für (?:ihre|deine) anmeldung"
    r"|merci (?:pour|de) votre inscription|gracias por (?:suscribirte|registrarte|tu suscripción)"
    r"|abone olduğunuz için teşekkür\w*|kaydınız (?:alındı|tamamlandı)"
    r"|grazie per (?:esserti iscritto|l'iscrizione)|obrigad[oa] por (?:se inscrever|assinar))",
    re.IGNORECASE,
)
# A notice under the text on who may copy it: "This copy is for your personal, non-commercial use only."
_PERSONAL_USE = re.compile(r"\W*this (?:copy|article|material) is for your personal,? non-commercial use only", re.I)
# The title of a newsletter's sign-up box: "Pick Six Newsletter", "Newsletter: The Morning Brief"
# (its name capitalised: "the rise of the newsletter" is a subheading).
_NEWSLETTER_TITLE = re.compile(
    r"(?:[\w'’&+-]+\s+){0,4}(?-i:Newsletters?|Bülteni?|Infolettre)|(?-i:Newsletter|Bülten)\s*:\s*(?:[\w'’&+-]+\s*){1,3}",
    re.IGNORECASE,
)
# The rules of a page's comments: "Comments are moderated", "Comentários ... não serão
# aprovados pelo moderador", "Kommentare werden vor der Freischaltung geprüft".
_COMMENTS_WORD = re.compile(rf"\b(?:{_COMMENTS}|yorum(?:lar|unuz|unuzu)\w*)\b", re.IGNORECASE)
_MODERATION = re.compile(
    r"\b(?:moderated|moderates?|moderation|moderator\w*|moderad\w*|moderaç\w*|modér\w*|moderier\w*|moderat[oi]\w*"
    r"|freigeschaltet|freischaltung|onaylandıktan sonra|onaylanma\w*|(?:não|nao) serão aprovados"
    r"|will not be (?:approved|published)|community (?:guidelines|standards)|(?:will|may) be (?:removed|deleted)"
    r"|serão (?:excluídos|removidos)|serán (?:eliminados|borrados))",
    re.IGNORECASE,
)
_INBOX = (
    r"in your inbox|to your inbox|enter your e-?mail|your e-?mail address|e-posta adresinizi|e-posta adresiniz"
    r"|ihre e-mail-adresse|votre adresse e-mail|votre e-mail|tu correo|tu email|بريدك الإلكتروني"
)
_COUNTER = (
    r"comments?|shares?|views?|likes?|reads?|replies|responses|followers?|claps?|subscribers?"
    r"|yorum\w*|paylaşım\w*|görüntülenme\w*|okunma\w*|beğeni\w*|takipçi\w*"
    r"|kommentare?|aufrufe|commentaires?|partages|vues|comentarios?|compartidos|visitas|تعليق\w*|مشاهدة\w*|مشاركة\w*"
)
_READ_MORE = re.compile(
    r"read more|read next|read also|see also|also read|continue reading|devamını oku\w*|haberin devamı|ilgili haber\w*"
    r"|weiterlesen|mehr lesen"
    r"|mehr zum thema|lesen sie auch|lire la suite|lire aussi|à lire aussi|voir aussi|leer más|lee también|ver también"
    r"|اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد|leggi anche|leggi di più|leia também|leia mais|lees ook|lees meer"
    r"|czytaj też|czytaj także|czytaj więcej|читайте также|читать также|читать далее",
    re.IGNORECASE,
)
# zh, ja: calls to action and what they point at, written without spaces around them.
_CTA_CJK = (
    r"分享到|分享|转发|关注我们|订阅|下载客户端|下载|点击查看|点击|阅读全文|相关阅读|相关新闻|扫一扫|扫码"
    r"|シェア|フォロー|購読|会員登録|ダウンロード|続きを読む|関連記事|ツイート"
)
_TARGET_CJK = r"微博|微信|公众号|朋友圈|客户端|抖音|QQ空间|アプリ|ニュースレター|ライン"
# At the start, or after a short question put to the reader ("Like this story? Follow us ...").
_CTA_START = re.compile(rf"^(?:[^.!?]{{1,40}}[?¿؟]\s+)?\W*(?P<cta>(?:{_CTA})\b|{_CTA_CJK})", re.IGNORECASE)
# Turkish and German put the verb last: "Haberin İngilizcesi için tıklayın", "Hier kostenlos anmelden".
_CTA_END = re.compile(
    r"\b(?:tıkla\w*|takip edin\w*|abone olun\w*|üye olun\w*|indirin|izleyin|dinleyin|paylaşın|göz atın"
    r"|klicken|anmelden|abonnieren|herunterladen|teilen|registrieren)\W*$",
    re.IGNORECASE,
)
# "Bu haber 12.345 kez okundu": a count of readers, written as a sentence.
_READ_COUNT = re.compile(r"\b[\d.,]+\s+(?:kez|kere)\s+(?:okundu|görüntülendi|izlendi)\b", re.IGNORECASE)
_CTA_ANY = re.compile(rf"\b(?:{_CTA})\b|{_CTA_CJK}", re.IGNORECASE)
# Asking the reader to subscribe to the outlet's newsletter: furniture whatever its length.
_SUBSCRIBE = re.compile(
    r"subscribe|sign up|suscr[ií]b\w*|abonn\w*|abone ol\w*|iscriviti|inscreva-se|assine|schrijf je in|subskrybuj"
    r"|подпиш\w*|اشترك\w*",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(r"newsletters?|bülten\w*|infolettre|boletín|nieuwsbrief|newslettera|рассылк\w*", re.IGNORECASE)
_TARGET_ANY = re.compile(rf"\b(?:{_TARGET})\b|{_TARGET_CJK}", re.IGNORECASE)
_CONSENT_ANY = re.compile(rf"(?:^|\W)(?:{_CONSENT})(?:\W|$)", re.IGNORECASE)
_RIGHTS_ANY = re.compile(rf"(?:{_RIGHTS})", re.IGNORECASE)
_PAYWALL_ANY = re.compile(rf"(?:{_PAYWALL})", re.IGNORECASE)
# Japanese, Chinese and Korean paid-article notices: "この記事は有料記事です。残り1203文字".
_PAYWALL_CJK = re.compile(
    r"有料記事|有料会員|続きをお読み|会员专享|付费阅读|订阅后(?:即可)?阅读|付費閱讀|유료\s?(?:기사|회원)"
)
_NAVIGATION_ANY = re.compile(rf"(?:^|\W)(?:{_NAVIGATION})(?:\W|$)", re.IGNORECASE)
_INBOX_ANY = re.compile(rf"(?:{_INBOX})", re.IGNORECASE)
_COUNTERS = re.compile(rf"^(?:[\d.,]+\s*[kmb]?\s*(?:{_COUNTER})\s*[|·•,/]?\s*)+$", re.IGNORECASE)
# What a subscription or a donation costs a period: "£5 per month", "$1 a week", "4 Wochen für 1 €".
_PRICE_OFFER = re.compile(
    r"(?:[£$€]\s?\d+(?:[.,]\d+)?|\d+(?:[.,]\d+)?\s?(?:€|£|\$|euros?|TL|₺))\s*"
    r"(?:per|a|an|/|pro|im|par|al|por)\s*(?:month|week|year|monat|woche|jahr|mois|semaine|an|mes|semana|año)\b"
    r"|\d+\s+(?:weeks?|months?|wochen|monate|semaines|mois|semanas|meses)\s+(?:for|für|pour|por)\s+[£$€]?\s?\d+",
    re.IGNORECASE,
)
# Chinese news pages name the editor in charge under the text: "【责任编辑：王明】", "(编辑：李华)".
_EDITOR_CREDIT = re.compile(r"[【\[(（]?\s*(?:责任编辑|責任編輯|编辑|編輯|校对|審校|审校)\s*[:：]")
_HANDLES = re.compile(r"(?:^|\s)[@#][\w.]+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_CONTENT_SIGNALS = ("opens", "ends with", "a call", "asks", "consent", "mostly", "points", "thanks")
_WEAK_TARGETS = {
    "us",
    "our",
    "free",
    "nous",
    "uns",
    "bizi",
    "nuestro",
    "this article",
    "this story",
    "diesen artikel",
    "cet article",
    "esta noticia",
    "este artículo",
    "questo articolo",
    "bu haber",
    "bu haberi",
}


@dataclass(frozen=True)
class Verdict:
    score: float
    reasons: tuple[str, ...]

    @property
    def furniture(self) -> bool:
        return self.score >= THRESHOLD

    def explain(self) -> str:
        return "; ".join(self.reasons)


def is_consent_page(paragraphs: list[str]) -> bool:
    """Whether a page's text is a request to accept cookies, shown instead of its article: a
    few paragraphs, each speaking of cookies, consent or privacy, one at least asking to accept."""
    words = sum(count_words(paragraph) for paragraph in paragraphs)
    return (
        0 < len(paragraphs) <= 6
        and words <= 250
        and all(_CONSENT_ANY.search(paragraph) for paragraph in paragraphs)
        and any(_CTA_ANY.search(paragraph) for paragraph in paragraphs)
    )


def classify(line: str, position: str = "body") -> str | None:
    """Why ``line`` is site furniture, or None for article text.

    ``position`` is ``head`` (above the headline), ``body`` or ``tail`` (after the last
    paragraph of prose).
    """
    verdict = score(line, position)
    return verdict.explain() if verdict.furniture else None


def score(line: str, position: str = "body") -> Verdict:
    """The furniture score of one line, with a reason for every signal that counted."""
    text = line.strip()
    words = count_words(text)
    if not words:
        return Verdict(0, ())
    if _COUNTERS.fullmatch(text):
        return Verdict(THRESHOLD, ("a counter (comments, shares, views)",))
    points: list[tuple[float, str]] = []
    if words <= 15 and (match := _RIGHTS_ANY.search(text)) and not _credits_a_caption(text, match.start()):
        return Verdict(THRESHOLD, (f"a copyright line or disclaimer ({match[0]!r})",))
    if position != "body" and words <= 40 and _COMMENTS_WORD.search(text) and (match := _MODERATION.search(text)):
        return Verdict(THRESHOLD, (f"the rules of the page's comments ({match[0]!r})",))
    if words <= 60 and (match := _PERSONAL_USE.match(text)):
        return Verdict(THRESHOLD, (f"a notice on copying the article ({match[0].strip()!r})",))
    if words <= 15 and (match := _SIGNED_UP.match(text)):
        return Verdict(THRESHOLD, (f"a sign-up or sharing form's message ({match[0].strip(' .,!*#_')!r})",))
    if words <= 5 and not ends_sentence(text) and _NEWSLETTER_TITLE.fullmatch(text.strip(" #*:")):
        return Verdict(THRESHOLD, (f"the title of a newsletter's sign-up box ({text!r})",))
    if words <= 10 and (match := _EDITOR_CREDIT.match(text)):
        return Verdict(THRESHOLD, (f"the credit of the page's editor ({match[0]!r})",))
    if words <= 20 and (match := _PAYWALL_ANY.search(text)):
        return Verdict(THRESHOLD, (f"a paywall notice ({match[0]!r})",))
    if len(text) <= 80 and (match := _PAYWALL_CJK.search(text)):  # (CJK text: a word a character)
        return Verdict(THRESHOLD, (f"a paywall notice ({match[0]!r})",))
    if words <= 12 and (match := _NAVIGATION_ANY.search(text)):
        return Verdict(THRESHOLD, (f"site navigation or a note about the page ({match[0].strip(' -–—|:')!r})",))
    if words <= 8 and (_READ_COUNT.search(text) or _COUNTED_LABEL.fullmatch(text)):
        return Verdict(THRESHOLD, ("a counter (comments, shares, views)",))
    if _FORM_FIELD.fullmatch(text):
        return Verdict(THRESHOLD, (f"a form's field ({text!r})",))
    if _LONE_LABEL.fullmatch(text) or (words <= 10 and _SHARE_BAR.fullmatch(text + " ")):
        return Verdict(THRESHOLD, (f"the label of the page's comments or buttons ({text!r})",))
    if position != "body" and words <= 4 and not ends_sentence(text) and _BACK_TO.match(text):
        return Verdict(THRESHOLD, (f"a link back to another page ({text!r})",))
    targets = [match[0] for match in _TARGET_ANY.finditer(text)]
    strong = [target for target in targets if target.lower() not in _WEAK_TARGETS]
    if match := _CTA_START.search(text):
        action_words = sum(count_words(found[0]) for found in _CTA_ANY.finditer(text))
        weight = 2 if targets or action_words * 2 >= words else 1.5
        if _READ_MORE.match(match["cta"]):
            weight = 2.5  # "Read more: <another story>"
        elif _SUBSCRIBE.match(match["cta"]) and any(_NEWSLETTER.fullmatch(target) for target in targets):
            weight = 3  # "Suscríbase aquí a la newsletter de …": a pitch, however long

        points.append((weight, f"opens with a call to action ({match['cta']!r})"))
    elif words <= 10 and (match := _CTA_END.search(text)):
        points.append((2, f"ends with a call to action ({match[0].strip()!r})"))
    elif match := _CTA_ANY.search(text):
        points.append((1, f"a call to action ({match[0]!r})"))
    if match := _INBOX_ANY.search(text):
        points.append((3, f"asks for an e-mail address ({match[0]!r})"))
    elif targets:
        points.append((1, f"points at {strong[0]!r}") if strong else (0.5, f"points at {targets[0]!r}"))
    if match := _SIGN_OFF.search(text):
        points.append((2, f"thanks the reader for reading ({match[0].strip(' .,!*#_')!r})"))
    if match := _PRICE_OFFER.search(text):
        points.append((1, f"points at a price ({match[0]!r})"))
    if consent := [found[0].strip(" .,:;()") for found in _CONSENT_ANY.finditer(text)]:
        # Twice in a line ("we use cookies ... our cookie policy"): a notice about them.
        points.append(
            (2 if len(consent) == 1 else 3, f"consent or privacy vocabulary ({', '.join(map(repr, consent))})")
        )
    links = len(_HANDLES.findall(text)) + len(_URL.findall(text))
    if links and links * 3 >= words:
        points.append((1.5, "mostly links, handles or hashtags"))
    asks_address = any(reason.startswith("asks") for _, reason in points)
    points.extend(point for point in _shape(text, words) if not (asks_address and point[0] < 0 and words <= 25))
    if position == "head":
        points.append((1, "above the headline"))
    elif position == "tail":
        points.append((1, "after the article's last paragraph"))
    content = sum(value for value, reason in points if reason.startswith(_CONTENT_SIGNALS))
    if content < 2:
        return Verdict(0, ())  # shape and position only ever add to what a line says
    return Verdict(sum(value for value, _ in points), tuple(reason for value, reason in points if value and reason))


def _credits_a_caption(text: str, at: int) -> bool:
    """The sign at ``at`` closes a photo's caption, a sentence before it ("A currency exchange
    office in Istanbul. © Umit Bektas, Reuters"): the photo's credit, not the site's rights."""
    before = text[:at].strip()
    return text[at] == "©" and count_words(before) >= 4 and ends_sentence(before)


def _shape(text: str, words: int) -> list[tuple[float, str]]:
    """Length and punctuation: short unpunctuated lines lean furniture, long sentences article text."""
    if words > 40:
        return [(-4, "")]
    sentence = ends_sentence(text)
    if words > 20 and sentence:
        return [(-2, "")]
    if words >= 8 and sentence:
        return [(-1, "")]
    if words <= 12 and not sentence:
        return [(1, f"short ({words} words) and not a sentence")]
    if words <= 12:
        return [(0.5, f"short ({words} words)")]
    return []
