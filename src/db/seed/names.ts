// Names for synthetic populations (`npm run seed:scale`): given names and surnames common in
// the UK's health workforce, each list roughly in order of how common it is, so that the
// generator can favour the front of a list (there are many more Smiths than Zielińskas).
// A few carry accents, apostrophes or spaces (written _ here), which the directory's search
// form must flatten.

const words = (text: string): string[] =>
  text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/_/g, ' '))

export const GIVEN_NAMES: readonly string[] = words(`
  Sarah Emma Claire Rachel Laura Rebecca Nicola Lisa Helen Joanne Amy Gemma Louise Jennifer
  Kelly Victoria Hannah Michelle Lucy Charlotte Katie Samantha Emily Jessica Natalie Sophie
  Catherine Elizabeth Jane Karen Julie Susan Alison Deborah Angela Tracey Amanda Caroline
  Kirsty Joanna Stephanie Zoe Kerry Anna Jade Danielle Leanne Stacey Hayley Fiona Kathryn
  Emma-Louise Megan Holly Eleanor Bethany Chloe Lauren Georgia Abigail Olivia Grace Ellie
  Jasmine Molly Amelia Isabel Harriet Frances Ruth Margaret Alice Mary Patricia Lorraine Gillian
  Sharon Janet Dawn Wendy Lesley Carol Beverley Paula Maria Andrea Diane Christine Linda Sandra
  Siân Zoë Niamh Aoife Siobhán Róisín Ciara Orla Caitlin Eilidh Mhairi Ffion Cerys Rhiannon
  Bronwen Seren Chloé Renée Noémie Amélie Priya Anjali Sunita Pooja Neha Aisha Fatima Amina
  Ayesha Zainab Nusrat Shabana Samina Farah Yasmin Sana Mariam Hina Rukhsana Parveen Nadia
  Funmilayo Adaeze Chiamaka Ngozi Oluwaseun Temitope Abimbola Folake Yetunde Adwoa Akosua
  Grace-Ann Blessing Precious Chipo Tendai Rutendo Nomvula Thandiwe Mercy Joy Agnieszka
  Katarzyna Magdalena Joanna-Maria Aleksandra Monika Ewelina Justyna Marta Paulina Ioana
  Elena Andreea Cristina Mihaela Raluca Maria-Elena Giulia Francesca Chiara Lucia Ana Inês
  Beatriz Mei_Ling Xin Yan Li Mai Linh Thi Rosa Carmen Isabella Sofia
  David Paul Mark James Andrew Richard Michael Daniel Christopher Matthew Stephen Robert John
  Thomas Simon Peter Jonathan Adam Benjamin Samuel Joseph Luke Jamie Craig Lee Gareth Neil
  Ian Martin Anthony Steven Scott Kevin Gary Wayne Darren Dean Carl Shaun Jason Alan Colin
  Graham Stuart Kenneth Keith Philip Nicholas Timothy Alexander William Edward Oliver Jack
  Harry George Charlie Henry Joshua Ryan Liam Connor Callum Kieran Nathan Aaron Jordan Lewis
  Owen Rhys Dylan Gethin Dafydd Iwan Huw Aled Ewan Hamish Ruaridh Angus Fraser Seán Ciarán
  Pádraig Eoin Cillian Declan Niall Brendan Conor Mohammed Muhammad Ahmed Ali Hassan Hussain
  Imran Omar Usman Bilal Tariq Zubair Asif Rizwan Kamran Adeel Faisal Arjun Rahul Sanjay
  Vikram Amit Rajesh Anil Sunil Deepak Ravi Harpreet Gurpreet Jaspreet Manjit Sandeep
  Olumide Oluwafemi Chukwuemeka Emeka Obinna Babatunde Adebayo Kwame Kofi Yaw Kwabena
  Tendai-Paul Tinashe Farai Themba Sipho Tomasz Piotr Krzysztof Pawel Marcin Lukasz
  Andrei Alexandru Mihai Ionut Marco Luca Giuseppe Alessandro Pedro João Miguel Carlos Javier
  Wei Jun Hao Minh Duc Rafael Mateus
`)

export const FAMILY_NAMES: readonly string[] = words(`
  Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson
  Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
  Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen
  James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell Kelly Cook
  Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan Marshall Anderson
  Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Ali
  Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes Knight Lloyd Butler Russell
  Barker Fisher Stevens Jenkins Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur
  Gibson Howard Andrews Stewart Elliott Reynolds Saunders Payne Fox Ford Pearce Day Brooks
  West Lawrence Cole Atkinson Bradley Spencer Gill Dawson Ball Burton O'Brien Watts Rose
  Booth Perry Ryan Grant Wells Armstrong Francis Rees Hayes Hart Hudson Newman Barrett Webster
  Hunter Gregory Carr Lowe Page Marsh Riley Dunn Woods Parsons Berry Stone Reid Holland
  Hawkins Harding Porter Robertson Newton Oliver Reed Kennedy Williamson Bird Gardner Shah
  Dean Lane Cooke Bates Henderson Parry Burgess Bishop Walton Burns Nicholson Shepherd Ross
  Cross Long Freeman Warren Nicholls Hamilton Byrne Sutton McDonald Yates Hodgson Robson
  Curtis Hopkins O'Connor Harper Coleman Watkins Moss McCarthy Chambers O'Neill Griffin
  Sharp Hardy Wheeler Potter Osborne Johnston Gordon Doyle Wallace George Jordan Hutchinson
  Rahman Akhtar Iqbal Mahmood Malik Hussein Chaudhry Sharma Kumar Mistry Chauhan Joshi Desai
  Parmar Gupta Mehta Rana Sandhu Dhillon Bains Okafor Okonkwo Adeyemi Adebayo Oyelaran
  Mensah Owusu Boateng Asante Osei Banda Moyo Ncube Dube Nowak Kowalski Wiśniewski
  Wójcik Kowalczyk Kamińska Lewandowski Zielińska Popescu Ionescu Constantin Rossi Russo
  Ferrari Esposito Silva Santos Ferreira Pereira Costa Fernandes Chen Wang Zhang Liu Li
  Nguyen Tran Pham MacLeod MacDonald Fraser Sinclair Cameron Ferguson Buchanan McKenzie
  Llewellyn Pritchard Vaughan Jenkins-Price Ó_Dálaigh Ní_Bhriain Fitzgerald Gallagher
  Quinn Doherty Donnelly Devlin McLaughlin
`)

/** Employers as practitioners give them: NHS trusts and health boards across the UK. */
export const EMPLOYERS: readonly string[] = [
  'Leeds Teaching Hospitals NHS Trust',
  'Manchester University NHS Foundation Trust',
  "Guy's and St Thomas' NHS Foundation Trust",
  'University Hospitals Birmingham NHS Foundation Trust',
  'Barts Health NHS Trust',
  'Newcastle upon Tyne Hospitals NHS Foundation Trust',
  'Oxford University Hospitals NHS Foundation Trust',
  'Cambridge University Hospitals NHS Foundation Trust',
  'Sheffield Teaching Hospitals NHS Foundation Trust',
  'University Hospitals Bristol and Weston NHS Foundation Trust',
  'Nottingham University Hospitals NHS Trust',
  'Royal Devon University Healthcare NHS Foundation Trust',
  'East of England Ambulance Service NHS Trust',
  'North West Ambulance Service NHS Trust',
  'South Central Ambulance Service NHS Foundation Trust',
  'London Ambulance Service NHS Trust',
  'Imperial College Healthcare NHS Trust',
  'Liverpool University Hospitals NHS Foundation Trust',
  'University Hospitals of Leicester NHS Trust',
  'Norfolk and Norwich University Hospitals NHS Foundation Trust',
  'Cardiff and Vale University Health Board',
  'NHS Greater Glasgow and Clyde',
  'Belfast Health and Social Care Trust',
  'Sussex Community NHS Foundation Trust',
  'Bradford District Care NHS Foundation Trust',
  'Hampshire Hospitals NHS Foundation Trust',
  'Royal Cornwall Hospitals NHS Trust',
  'Midlands Partnership University NHS Foundation Trust',
]
